package marketfeed.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Generic Avro data as JSON: records as objects (fields in schema order), unions as their branch's
 * value, enums and strings as strings, longs as numbers (timestamp-millis included: no logical-type
 * conversion is registered), null as null. Doubles that JSON cannot hold (NaN, infinities) become
 * strings, bytes and fixed become hex strings.
 */
final class JsonValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonValues() {}

  static JsonNode of(Object datum) {
    if (datum == null) return NODES.nullNode();
    if (datum instanceof GenericRecord record) {
      ObjectNode object = NODES.objectNode();
      for (Schema.Field field : record.getSchema().getFields()) object.set(field.name(), of(record.get(field.pos())));
      return object;
    }
    if (datum instanceof GenericEnumSymbol<?> || datum instanceof CharSequence) return NODES.textNode(datum.toString());
    if (datum instanceof Long value) return NODES.numberNode(value);
    if (datum instanceof Integer value) return NODES.numberNode(value);
    if (datum instanceof Boolean value) return NODES.booleanNode(value);
    if (datum instanceof Double value) return Double.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(value.toString());
    if (datum instanceof Float value) return Float.isFinite(value) ? NODES.numberNode(value) : NODES.textNode(value.toString());
    if (datum instanceof ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.duplicate().get(copy);
      return NODES.textNode(HexFormat.of().formatHex(copy));
    }
    if (datum instanceof GenericFixed fixed) return NODES.textNode(HexFormat.of().formatHex(fixed.bytes()));
    if (datum instanceof Collection<?> items) {
      ArrayNode array = NODES.arrayNode();
      for (Object item : items) array.add(of(item));
      return array;
    }
    if (datum instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      for (Map.Entry<?, ?> entry : map.entrySet()) object.set(entry.getKey().toString(), of(entry.getValue()));
      return object;
    }
    throw new IllegalArgumentException("no JSON rendering for " + datum.getClass().getName());
  }
}
