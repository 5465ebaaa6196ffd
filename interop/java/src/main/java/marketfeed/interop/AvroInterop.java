package marketfeed.interop;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An independent reader of market-feed's Kafka records: Apache Avro Java and the Kafka Java client,
 * nothing of market-feed's own code. JSON lines on stdout; errors on stderr with a non-zero exit.
 *
 * <pre>
 *   fingerprints &lt;schemasDir&gt;
 *   read --brokers B --topic T [--topic T2 ...] --schemas &lt;dir or file&gt; [--schemas ...]
 *        [--reader-schema FILE] [--registry URL] [--idle-ms N]
 * </pre>
 *
 * Exit codes: 0 done (for {@code read}: every record decoded), 1 {@code read} finished with
 * undecodable records, 2 usage error, 3 any other failure.
 */
public final class AvroInterop {
  private AvroInterop() {}

  static final String USAGE = String.join("\n",
      "usage: avro-interop fingerprints <schemasDir>",
      "       avro-interop read --brokers B --topic T [--topic T2 ...] --schemas <dir or file> [--schemas ...]",
      "                         [--reader-schema FILE] [--registry URL] [--idle-ms N]");

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    int code;
    try {
      code = run(args, out);
    } catch (UsageException e) {
      System.err.println("avro-interop: " + e.getMessage() + "\n" + USAGE);
      code = 2;
    } catch (Exception e) {
      System.err.println("avro-interop: " + e);
      code = 3;
    }
    out.flush();
    System.exit(code);
  }

  static int run(String[] args, PrintStream out) throws Exception {
    if (args.length == 0) throw new UsageException("a subcommand is required");
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "fingerprints":
        if (rest.length != 1) throw new UsageException("fingerprints takes one schemas directory");
        Fingerprints.print(SchemaFiles.load(rest[0]), out);
        return 0;
      case "read":
        ReadOptions options = ReadOptions.parse(rest);
        return TopicReader.read(options, out).failed() == 0 ? 0 : 1;
      default:
        throw new UsageException("unknown subcommand " + args[0]);
    }
  }

  /** A wrong command line: exit 2 with the usage. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }
}
