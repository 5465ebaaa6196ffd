package marketfeed.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;

/** Writer schemas by id from a Confluent-compatible registry: `GET <base>/schemas/ids/<id>`, cached. */
final class RegistrySchemas {
  private final String base;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Integer, Schema> byId = new HashMap<>();

  /** @param base e.g. {@code http://127.0.0.1:8081} or {@code http://127.0.0.1:8080/apis/ccompat/v7} */
  RegistrySchemas(String base) {
    this.base = base.replaceAll("/+$", "");
  }

  Schema byId(int id) throws IOException, InterruptedException {
    Schema cached = byId.get(id);
    if (cached != null) return cached;
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/schemas/ids/" + id))
        .header("Accept", "application/vnd.schemaregistry.v1+json, application/json")
        .timeout(Duration.ofSeconds(10))
        .GET()
        .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("registry answered " + response.statusCode() + " for schema id " + id + ": " + response.body());
    }
    JsonNode schemaText = json.readTree(response.body()).get("schema");
    if (schemaText == null || !schemaText.isTextual()) throw new IOException("registry returned no schema text for id " + id);
    Schema schema = new Schema.Parser().parse(schemaText.asText());
    byId.put(id, schema);
    return schema;
  }
}
