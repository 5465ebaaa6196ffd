package marketfeed.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** `read`: every record of the topics, from the earliest offset, decoded to one JSON line each. */
final class TopicReader {
  private TopicReader() {}

  /** Records decoded and records that could not be. */
  record Summary(long decoded, long failed) {}

  private static final Duration ASSIGNMENT_TIMEOUT = Duration.ofSeconds(60);

  static Summary read(ReadOptions options, PrintStream out) throws Exception {
    List<Schema> schemas = new ArrayList<>();
    for (String source : options.schemas()) for (SchemaFiles.SchemaFile file : SchemaFiles.load(source)) schemas.add(file.schema());
    Schema readerSchema = options.readerSchema() == null ? null : SchemaFiles.parse(Path.of(options.readerSchema()));
    RegistrySchemas registry = options.registry() == null ? null : new RegistrySchemas(options.registry());
    ValueDecoder decoder = new ValueDecoder(schemas, readerSchema, registry);

    ObjectMapper json = new ObjectMapper();
    Map<String, long[]> byTopic = new TreeMap<>();
    for (String topic : options.topics()) byTopic.put(topic, new long[2]);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(options.brokers()))) {
      Map<String, ?> existing = consumer.listTopics(Duration.ofSeconds(30));
      for (String topic : options.topics()) if (!existing.containsKey(topic)) throw new IllegalStateException("topic " + topic + " does not exist");
      long[] assignedAt = {0};
      consumer.subscribe(options.topics(), new ConsumerRebalanceListener() {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
          if (!partitions.isEmpty()) assignedAt[0] = System.nanoTime();
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
      });
      long started = System.nanoTime();
      long lastActivity = 0;
      while (true) {
        var records = consumer.poll(Duration.ofMillis(200));
        long now = System.nanoTime();
        if (assignedAt[0] == 0) {
          if (now - started > ASSIGNMENT_TIMEOUT.toNanos()) throw new IllegalStateException("no partition assigned within " + ASSIGNMENT_TIMEOUT);
          continue;
        }
        if (!records.isEmpty()) lastActivity = now;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          ObjectNode line = json.createObjectNode();
          line.put("topic", record.topic());
          line.put("partition", record.partition());
          line.put("offset", record.offset());
          line.put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8));
          long[] counts = byTopic.get(record.topic());
          try {
            ValueDecoder.Decoded decoded = decoder.decode(record.value());
            line.put("schema", decoded.writer().getFullName());
            line.put("encoding", decoded.encoding());
            line.put("writerId", decoded.writerId());
            line.set("value", JsonValues.of(decoded.value()));
            counts[0]++;
          } catch (Exception e) {
            line.put("error", e.toString());
            System.err.println("avro-interop: undecodable record " + record.topic() + "/" + record.partition() + "@" + record.offset() + ": " + e);
            counts[1]++;
          }
          out.println(json.writeValueAsString(line));
        }
        if (now - Math.max(lastActivity, assignedAt[0]) > options.idleMs() * 1_000_000L) break;
      }
    }
    long decoded = byTopic.values().stream().mapToLong(c -> c[0]).sum();
    long failed = byTopic.values().stream().mapToLong(c -> c[1]).sum();
    ObjectNode summary = json.createObjectNode();
    ObjectNode totals = summary.putObject("summary").put("decoded", decoded).put("failed", failed);
    ObjectNode topics = totals.putObject("topics");
    byTopic.forEach((topic, counts) -> topics.putObject(topic).put("decoded", counts[0]).put("failed", counts[1]));
    out.println(json.writeValueAsString(summary));
    return new Summary(decoded, failed);
  }

  private static Properties consumerProperties(String brokers) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "avro-interop-" + UUID.randomUUID());
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "avro-interop-java");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return props;
  }
}
