package marketfeed.interop;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.SchemaStore;

/**
 * Decodes a Kafka value with Apache Avro alone: single-object encoding ({@code C3 01} + fingerprint)
 * with {@link BinaryMessageDecoder} over a {@link SchemaStore.Cache} of the given schemas, Confluent
 * framing (byte 0 + int32 schema id) with the writer schema fetched from the registry.
 */
final class ValueDecoder {
  /** A decoded value: how it was framed, the writer schema, and the id the frame named it by. */
  record Decoded(String encoding, Schema writer, String writerId, GenericRecord value) {}

  private final SchemaStore.Cache store = new SchemaStore.Cache();
  private final Schema readerSchema;
  private final RegistrySchemas registry;
  /** One decoder per reader schema: the writer's own, or the one reader schema asked for. */
  private final Map<Schema, BinaryMessageDecoder<GenericRecord>> singleObject = new HashMap<>();
  private final Map<Integer, GenericDatumReader<GenericRecord>> confluent = new HashMap<>();

  ValueDecoder(List<Schema> schemas, Schema readerSchema, RegistrySchemas registry) {
    for (Schema schema : schemas) store.addSchema(schema);
    if (readerSchema != null) store.addSchema(readerSchema);
    this.readerSchema = readerSchema;
    this.registry = registry;
  }

  Decoded decode(byte[] value) throws IOException, InterruptedException {
    if (value == null) throw new IOException("null value (tombstone)");
    if (value.length >= 10 && value[0] == (byte) 0xC3 && value[1] == (byte) 0x01) return singleObject(value);
    if (value.length >= 5 && value[0] == 0) return confluent(value);
    throw new IOException("value is neither single-object encoded (C3 01) nor Confluent-framed (00)");
  }

  private Decoded singleObject(byte[] value) throws IOException {
    long fingerprint = 0;
    for (int i = 0; i < 8; i++) fingerprint |= (value[2 + i] & 0xFFL) << (8 * i);
    String fingerprintHex = Fingerprints.littleEndianHex(fingerprint);
    Schema writer = store.findByFingerprint(fingerprint);
    if (writer == null) throw new IOException("no schema given has the fingerprint " + fingerprintHex);
    Schema reader = readerSchema != null ? readerSchema : writer;
    BinaryMessageDecoder<GenericRecord> decoder =
        singleObject.computeIfAbsent(reader, r -> new BinaryMessageDecoder<>(GenericData.get(), r, store));
    ByteArrayInputStream stream = new ByteArrayInputStream(value);
    GenericRecord record = decoder.decode(stream);
    if (stream.available() != 0) throw new IOException(stream.available() + " bytes left after the record");
    return new Decoded("single-object", writer, fingerprintHex, record);
  }

  private Decoded confluent(byte[] value) throws IOException, InterruptedException {
    if (registry == null) throw new IOException("a Confluent-framed value needs --registry");
    int id = ((value[1] & 0xFF) << 24) | ((value[2] & 0xFF) << 16) | ((value[3] & 0xFF) << 8) | (value[4] & 0xFF);
    Schema writer = registry.byId(id);
    GenericDatumReader<GenericRecord> reader = confluent.computeIfAbsent(
        id, i -> new GenericDatumReader<>(writer, readerSchema != null ? readerSchema : writer, GenericData.get()));
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null);
    GenericRecord record = reader.read(null, decoder);
    if (!decoder.isEnd()) throw new IOException("bytes left after the record");
    return new Decoded("confluent", writer, String.valueOf(id), record);
  }
}
