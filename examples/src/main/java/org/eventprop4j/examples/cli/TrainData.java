package org.eventprop4j.examples.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eventprop4j.examples.data.FashionMnist;
import org.eventprop4j.examples.data.SpikeData;
import org.eventprop4j.examples.data.YinYang;
import org.eventprop4j.optim.train.Dataset;

/**
 * The data of one {@code train} run, whatever the data set: the three parts, the input and class counts, a
 * description, and what a checkpoint records to check a resume ({@link #kind}, {@link #meta}).
 *
 * @param yinYangTest the Yin-Yang test points (for the yinyang.png plot), null for other data sets
 */
record TrainData(Dataset train, Dataset validation, Dataset test, int inputs, int classes, List<String> classNames,
                 String source, String kind, Map<String, String> meta, YinYang.Set yinYangTest) {

    /** Start of the {@link #kind} of a spikes data set, followed by its folder's absolute path. */
    private static final String SPIKES_KIND = "spikes ";

    /**
     * The data folder of a spikes data set of kind {@code kind} (as a checkpoint records it in its meta "data"), or
     * null if {@code kind} is not one.
     */
    static Path spikesFolder(String kind) {
        return kind != null && kind.startsWith(SPIKES_KIND) ? Path.of(kind.substring(SPIKES_KIND.length())) : null;
    }

    /**
     * Loads data set {@code name}; on resume {@code was} is the checkpoint's meta (its encoding options win and must
     * not conflict).
     */
    static TrainData load(String name, YinYangData options, Map<String, String> was, int validation, int pool,
                          double inputTime) {
        switch (name) {
            case "yinyang" -> {
                YinYang.Split s = options.load();
                return new TrainData(YinYang.toDataset(s.train()), YinYang.toDataset(s.validation()),
                        YinYang.toDataset(s.test()), 5, 3, List.of("yang", "yin", "dot"),
                        s.source() + ": train " + s.train().size() + ", validation " + s.validation().size()
                                + ", test " + s.test().size(), YinYangData.kind(s), Map.of(), s.test());
            }
            case "fashion-mnist" -> {
                if (options.data != null) {
                    throw new IllegalArgumentException("--data is a Yin-Yang option; fashion-mnist reads --data-dir");
                }
                int v = Integer.parseInt(was.getOrDefault("validation", Integer.toString(validation)));
                int p = Integer.parseInt(was.getOrDefault("pool", Integer.toString(pool)));
                double t = Double.parseDouble(was.getOrDefault("input_time", Double.toString(inputTime)));
                if (!(t > 0) || !Double.isFinite(t)) {
                    throw new IllegalArgumentException("--input-time must be a positive number of ms, got " + t);
                }
                Path dir = options.dataDir != null ? options.dataDir : FashionMnist.DEBIAN_DIR;
                int limit = options.limit == null ? 0 : options.limit;
                if (options.limit != null && options.limit < 1) {
                    throw new IllegalArgumentException("--limit must be >= 1, got " + options.limit);
                }
                FashionMnist.Split s = FashionMnist.load(dir, v, p, t, limit);
                String kind = "fashion-mnist" + (limit > 0 ? ", first " + limit : "");
                return new TrainData(s.train(), s.validation(), s.test(), s.inputs(), 10, FashionMnist.CLASSES,
                        s.source(), kind, Map.of("validation", Integer.toString(v), "pool", Integer.toString(p),
                        "input_time", Double.toString(t)), null);
            }
            case "spikes" -> {
                if (options.dataDir == null) {
                    throw new IllegalArgumentException("--dataset spikes needs --data-dir DIR (train_spikes.npy, "
                            + "train_labels.npy, test_spikes.npy, test_labels.npy; docs/data.md)");
                }
                if (options.data != null) {
                    throw new IllegalArgumentException("--data is a Yin-Yang option; spikes reads --data-dir");
                }
                SpikeData.Split s = SpikeData.load(options.dataDir);
                Dataset tr = s.train();
                Dataset va = s.validation();
                Dataset te = s.test();
                if (options.limit != null) {
                    if (options.limit < 1) {
                        throw new IllegalArgumentException("--limit must be >= 1, got " + options.limit);
                    }
                    tr = tr.slice(0, Math.min(tr.size(), options.limit));
                    va = va.slice(0, Math.min(va.size(), options.limit));
                    te = te.slice(0, Math.min(te.size(), options.limit));
                }
                List<String> names = new java.util.ArrayList<>();
                for (int k = 0; k < s.classes(); k++) {
                    names.add(Integer.toString(k));
                }
                return new TrainData(tr, va, te, s.channels(), s.classes(), names, s.source(), SPIKES_KIND
                        + options.dataDir.toAbsolutePath().normalize(), Map.of(), null);
            }
            default -> throw new IllegalArgumentException("unknown --dataset '" + name
                    + "' (known: yinyang, fashion-mnist, spikes)");
        }
    }
}
