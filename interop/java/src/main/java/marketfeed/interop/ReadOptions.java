package marketfeed.interop;

import java.util.ArrayList;
import java.util.List;

/** What `read` was asked for. */
record ReadOptions(
    String brokers,
    List<String> topics,
    /** Schema directories or files: the writer schemas single-object values are looked up in. */
    List<String> schemas,
    /** Decode into this schema by Avro schema resolution; each writer's own schema when null. */
    String readerSchema,
    /** Base URL of a Confluent-compatible registry (may have a path); null when absent. */
    String registry,
    /** Stop once no record arrived for this long after the partitions were assigned. */
    long idleMs) {

  static ReadOptions parse(String[] args) throws AvroInterop.UsageException {
    String brokers = null;
    List<String> topics = new ArrayList<>();
    List<String> schemas = new ArrayList<>();
    String readerSchema = null;
    String registry = null;
    long idleMs = 3000;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (i + 1 >= args.length) throw new AvroInterop.UsageException(arg + " needs a value");
      String value = args[++i];
      switch (arg) {
        case "--brokers" -> brokers = value;
        case "--topic" -> topics.add(value);
        case "--schemas" -> schemas.add(value);
        case "--reader-schema" -> readerSchema = value;
        case "--registry" -> registry = value;
        case "--idle-ms" -> {
          try {
            idleMs = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new AvroInterop.UsageException("--idle-ms must be a number of milliseconds");
          }
        }
        default -> throw new AvroInterop.UsageException("unknown option " + arg);
      }
    }
    if (brokers == null) throw new AvroInterop.UsageException("--brokers is required");
    if (topics.isEmpty()) throw new AvroInterop.UsageException("at least one --topic is required");
    if (schemas.isEmpty() && registry == null) throw new AvroInterop.UsageException("--schemas or --registry is required");
    return new ReadOptions(brokers, List.copyOf(topics), List.copyOf(schemas), readerSchema, registry, idleMs);
  }
}
