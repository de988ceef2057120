package org.eventprop4j.examples.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eventprop4j.examples.data.YinYang;
import picocli.CommandLine.Option;

/** The {@code --data}, {@code --data-dir} and {@code --limit} options of {@code train} and {@code evaluate}. */
final class YinYangData {
    /** Where the publication split lives in the repository (bundled, with its MIT licence). */
    static final String BUNDLED_DIR = "data/yinyang-publication";
    /** Where it lives relative to a folder beside the repository (the workplace's shared data; a fallback). */
    static final String SHARED_DIR = "../shared/data/yinyang-publication";

    @Option(names = "--data", paramLabel = "SOURCE",
            description = "Yin-Yang data: 'generated' (this library's generator; train 5000 / validation 1000 / test "
                    + "1000 with seeds 42 / 41 / 40) or 'publication' (the literature's exact split, .npy files of "
                    + "Kriener et al., bundled in " + BUNDLED_DIR + "). Default: publication if the bundled copy is "
                    + "found (or --data-dir is given), else generated.")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder with the publication .npy files (train_/validation_/test_samples.npy and "
                    + "*_labels.npy); implies --data publication.")
    Path dataDir;

    @Option(names = "--limit", paramLabel = "N",
            description = "Use only the first N samples of each part (quick runs; default: all).")
    Integer limit;

    /**
     * ND4J logs its start-up (backend, BLAS, build flags) at INFO through slf4j-simple; for train/evaluate only
     * warnings are useful. Must run before ND4J's first use; an explicit setting by the user wins.
     */
    static void quietNd4jLogging() {
        if (System.getProperty("org.slf4j.simpleLogger.log.org.nd4j") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.nd4j", "warn");
        }
    }

    /** The publication folder beside the repository (searched upwards from the code and the working folder). */
    static Path findShared() {
        try {
            Path code = Path.of(YinYangData.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path p = search(code);
            if (p != null) {
                return p;
            }
        } catch (URISyntaxException | RuntimeException ignored) {
            // fall through to the working folder
        }
        return search(Path.of("").toAbsolutePath());
    }

    private static Path search(Path start) {
        Path d = start;
        for (int up = 0; up < 6 && d != null; up++, d = d.getParent()) {
            for (String rel : new String[] {BUNDLED_DIR, SHARED_DIR}) {
                Path p = d.resolve(rel).normalize();
                if (Files.isRegularFile(p.resolve("train_samples.npy"))) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Loads the split the options ask for; throws IllegalArgumentException for bad values. */
    YinYang.Split load() {
        String src = data;
        Path dir = dataDir;
        if (src == null) {
            if (dir == null) {
                dir = findShared();
            }
            src = dir != null ? "publication" : "generated";
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
        }
        YinYang.Split s;
        switch (src) {
            case "generated" -> {
                if (dataDir != null) {
                    throw new IllegalArgumentException("--data-dir needs --data publication");
                }
                s = YinYang.generatedSplit();
            }
            case "publication" -> {
                if (dir == null) {
                    dir = findShared();
                }
                if (dir == null) {
                    throw new IllegalArgumentException("--data publication: " + BUNDLED_DIR + " not found in the "
                            + "repository; give --data-dir DIR or use --data generated");
                }
                YinYang.Split p = YinYang.publication(dir);
                s = new YinYang.Split(p.train(), p.validation(), p.test(), "publication (" + dir + ")");
            }
            default -> throw new IllegalArgumentException("--data must be 'generated' or 'publication', got '" + src
                    + "'");
        }
        if (limit != null) {
            s = new YinYang.Split(head(s.train(), limit), head(s.validation(), limit), head(s.test(), limit),
                    s.source() + ", first " + limit + " samples of each part");
        }
        return s;
    }

    /** "publication" or "generated" (the source name without details). */
    static String kind(YinYang.Split s) {
        return s.source().startsWith("publication") ? "publication" : "generated";
    }

    private static YinYang.Set head(YinYang.Set s, int n) {
        int m = Math.min(n, s.size());
        return new YinYang.Set(java.util.Arrays.copyOf(s.xy(), m), java.util.Arrays.copyOf(s.labels(), m));
    }
}
