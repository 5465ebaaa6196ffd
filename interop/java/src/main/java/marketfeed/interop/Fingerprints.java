package marketfeed.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.SchemaNormalization;

/** `fingerprints`: Avro Java's Parsing Canonical Form and CRC-64-AVRO fingerprint of each schema. */
final class Fingerprints {
  private Fingerprints() {}

  /**
   * One JSON line per schema: file, full name, the fingerprint as 16 hex characters in wire order
   * (little-endian, as single-object encoding writes it after {@code C3 01}) and the canonical form.
   */
  static void print(List<SchemaFiles.SchemaFile> schemas, PrintStream out) throws Exception {
    ObjectMapper json = new ObjectMapper();
    for (SchemaFiles.SchemaFile file : schemas) {
      long fingerprint = SchemaNormalization.parsingFingerprint64(file.schema());
      ObjectNode line = json.createObjectNode();
      line.put("file", file.path().getFileName().toString());
      line.put("schema", file.schema().getFullName());
      line.put("fingerprint", littleEndianHex(fingerprint));
      line.put("canonicalForm", SchemaNormalization.toParsingForm(file.schema()));
      out.println(json.writeValueAsString(line));
    }
  }

  /** The 8 bytes of a fingerprint in the order single-object encoding puts them on the wire. */
  static String littleEndianHex(long fingerprint) {
    byte[] bytes = new byte[8];
    for (int i = 0; i < 8; i++) bytes[i] = (byte) (fingerprint >>> (8 * i));
    return HexFormat.of().formatHex(bytes);
  }
}
