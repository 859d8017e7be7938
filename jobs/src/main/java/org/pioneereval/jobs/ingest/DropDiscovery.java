package org.pioneereval.jobs.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.pioneereval.contracts.Extract;

/** Finds the drops under {@code <root>/drops/<extract>/<site>/<batch>/}, in a stable order. */
public final class DropDiscovery {

  /** The folder under the data root that holds the drops. */
  public static final String DROPS_FOLDER = "drops";

  private DropDiscovery() {}

  /** Drops per extract, sorted by site then batch; extracts with no folder map to an empty list. */
  public static Map<Extract, List<Drop>> find(Path dataRoot) {
    Map<Extract, List<Drop>> drops = new EnumMap<>(Extract.class);
    for (Extract extract : Extract.values()) {
      drops.put(extract, find(dataRoot, extract));
    }
    return drops;
  }

  static List<Drop> find(Path dataRoot, Extract extract) {
    Path extractFolder = dataRoot.resolve(DROPS_FOLDER).resolve(extract.folderName());
    List<Drop> drops = new ArrayList<>();
    if (!Files.isDirectory(extractFolder)) {
      return drops;
    }
    for (Path siteFolder : sortedChildren(extractFolder)) {
      for (Path batchFolder : sortedChildren(siteFolder)) {
        String site = siteFolder.getFileName().toString();
        String batch = batchFolder.getFileName().toString();
        drops.add(new Drop(extract, site, batch, batchFolder, readManifest(batchFolder)));
      }
    }
    return drops;
  }

  private static DropManifest readManifest(Path batchFolder) {
    Path manifest = batchFolder.resolve(DropManifest.FILE_NAME);
    if (!Files.isRegularFile(manifest)) {
      return null;
    }
    try {
      return DropManifest.read(manifest);
    } catch (IOException e) {
      return null;
    }
  }

  private static List<Path> sortedChildren(Path folder) {
    try (Stream<Path> children = Files.list(folder)) {
      return children.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
