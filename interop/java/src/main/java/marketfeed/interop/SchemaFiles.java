package marketfeed.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/** Reads `.avsc` files, each with a parser of its own (the shipped schemas each define their enums). */
final class SchemaFiles {
  private SchemaFiles() {}

  /** A schema and the file it came from. */
  record SchemaFile(Path path, Schema schema) {}

  /** Every `.avsc` of a directory (sorted by name), or the one file named. */
  static List<SchemaFile> load(String dirOrFile) throws IOException {
    Path path = Path.of(dirOrFile);
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> listing = Files.list(path)) {
        listing.filter(p -> p.getFileName().toString().endsWith(".avsc")).sorted().forEach(files::add);
      }
      if (files.isEmpty()) throw new IOException("no .avsc file in " + path);
    } else {
      files.add(path);
    }
    List<SchemaFile> schemas = new ArrayList<>();
    for (Path file : files) schemas.add(new SchemaFile(file, parse(file)));
    return schemas;
  }

  static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(file.toFile());
  }
}
