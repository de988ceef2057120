package org.eventprop4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.eventprop4j.examples.data.FashionMnist;
import org.eventprop4j.examples.data.SpikeData;
import org.eventprop4j.examples.data.YinYang;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded corruptions of the data files {@code train} and {@code evaluate} read: the {@code .npy} files of
 * {@code train --dataset spikes --data-dir DIR} (docs/data.md) and of the Yin-Yang {@code --data-dir DIR} (train and
 * evaluate), and the gzipped IDX files of {@code train --dataset fashion-mnist --data-dir DIR}. Every case starts from
 * a valid folder (built here in the documented format, with values drawn from the case's seed, and checked to load)
 * and corrupts it in one way that a checked reader must notice:
 * <ul>
 *   <li>.npy, family = seed mod 12: 0 truncated inside the header; 1 1..24 bytes short of the end; 2 truncated at a
 *       random offset; 3 a magic byte replaced; 4 the version's major byte (not 1..3, or 2/3 on a version-1 layout)
 *       or minor byte (not 0) replaced; 5 the header-length field changed; 6 the dtype descr replaced by garbage
 *       (empty, one character, unknown codes, a quote); 7 a well-formed but wrong dtype over the same data bytes
 *       (other sizes, complex, strings, objects, dates, and int64/float64 swapped); 8 a shape that does not fit the
 *       data (one size changed, swapped, negative, not a number, overflowing, unclosed, empty); 9 fortran_order True
 *       or garbage; 10 a bad value (spike time negative or infinite; label negative, NaN, infinite, fractional or
 *       beyond the class limit; Yin-Yang x or y NaN, negative, above 1 or infinite, label not 0..2); 11 files that do
 *       not fit each other (label count, label rank, channel or column count of a part, rank of the spikes or
 *       samples, a missing file, a train or test part with no samples).</li>
 *   <li>IDX, family = seed mod 8: 0 the .gz truncated (half of the cases 1..8 bytes short); 1 bytes of the deflate
 *       data replaced; 2 the gzip trailer (CRC32, size) changed; 3 the gzip magic or method byte changed; 4 the IDX
 *       header inside the gzip changed (magic, type, rank, a size: changed, negative or overflowing); 5 the IDX data
 *       inside the gzip truncated or extended; 6 images and labels that do not fit (label count, a label above 9,
 *       non-square or rank-2 images, no images, images of 0x0 pixels); 7 an uncompressed file instead of the .gz,
 *       truncated or with a bad magic.</li>
 * </ul>
 * Spike data: 36 seeds (3 per family), run through {@code train --dataset spikes}; Yin-Yang: 24 seeds (2 per family),
 * each through {@code train --data-dir} and {@code evaluate --data-dir}; IDX: 16 seeds (2 per family), through
 * {@code train --dataset fashion-mnist --data-dir}. {@link #foundBugsStayFixed} keeps one fixed case for each input
 * the readers got wrong before this test (an internal error, an acceptance, or a message that did not name the file
 * or was misleading) and checks its message.
 *
 * <p>Each case asserts: a non-zero exit, exactly one line {@code evnn: error: ...} on stderr naming the corrupted file
 * (never an internal error or a stack trace), no run folder, and the data folder byte-identical afterwards (no file
 * changed, added or removed). The seed is in the test name; the corruption is printed with it.
 */
class CorruptDataCliTest {

    @TempDir
    static Path dir;
    /** A Yin-Yang checkpoint (5-4-3) for {@code evaluate}. */
    static Path checkpoint;

    static LongStream spikeSeeds() {
        return LongStream.rangeClosed(1, 36);
    }

    static LongStream yinYangSeeds() {
        return LongStream.rangeClosed(101, 124);
    }

    static LongStream idxSeeds() {
        return LongStream.rangeClosed(201, 216);
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    /** The fields of a version-1 .npy file, each verbatim (the shape with its parentheses). */
    record NpyFile(String descr, String fortran, String shape, byte[] data) {
        byte[] bytes() {
            return npy(1, 0, descr, fortran, shape, data);
        }

        NpyFile withDescr(String d) {
            return new NpyFile(d, fortran, shape, data);
        }

        NpyFile withFortran(String f) {
            return new NpyFile(descr, f, shape, data);
        }

        NpyFile withShape(String s) {
            return new NpyFile(descr, fortran, s, data);
        }

        long[] dims() {
            String t = shape.substring(1, shape.length() - 1);
            return Arrays.stream(t.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
        }

        double[] values() {
            ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            double[] v = new double[data.length / 8];
            for (int i = 0; i < v.length; i++) {
                v[i] = descr.equals("<i8") ? b.getLong(8 * i) : b.getDouble(8 * i);
            }
            return v;
        }
    }

    static byte[] npy(int major, int minor, String descr, String fortran, String shape, byte[] data) {
        String h = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
        int pad = (64 - (10 + h.length() + 1) % 64) % 64;
        byte[] head = (h + " ".repeat(pad) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(10 + head.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, (byte) minor});
        bb.putShort((short) head.length).put(head).put(data);
        return bb.array();
    }

    static String shape(long... dims) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            s.append(i > 0 ? ", " : "").append(dims[i]);
        }
        return s.append(dims.length == 1 ? ",)" : ")").toString();
    }

    static NpyFile f8(long[] dims, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            b.putDouble(x);
        }
        return new NpyFile("<f8", "False", shape(dims), b.array());
    }

    static NpyFile i8(long[] dims, long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return new NpyFile("<i8", "False", shape(dims), b.array());
    }

    static final int CHANNELS = 3;
    static final int SPIKES_PER_CHANNEL = 2;

    /**
     * A valid spikes folder (docs/data.md): train 12 / validation 6 / test 6 samples, float64 {@code [n, 3, 2]} spike
     * times in [0.5, 19.5] ms with NaN padding, int64 labels {@code i mod 2}.
     */
    static Map<String, NpyFile> spikeFiles(SplittableRandom rng) {
        Map<String, NpyFile> m = new TreeMap<>();
        for (String part : List.of("train", "validation", "test")) {
            int n = part.equals("train") ? 12 : 6;
            double[] t = new double[n * CHANNELS * SPIKES_PER_CHANNEL];
            for (int i = 0; i < t.length; i += 2) {
                t[i] = 0.5 + 9 * rng.nextDouble();
                t[i + 1] = rng.nextInt(3) == 0 ? Double.NaN : t[i] + 10 * rng.nextDouble();
            }
            long[] lab = new long[n];
            for (int i = 0; i < n; i++) {
                lab[i] = i % 2;
            }
            m.put(part + "_spikes.npy", f8(new long[] {n, CHANNELS, SPIKES_PER_CHANNEL}, t));
            m.put(part + "_labels.npy", i8(new long[] {n}, lab));
        }
        return m;
    }

    /** A valid Yin-Yang folder: 10 samples per part, float64 {@code [n, 4]} = (x, y, 1-x, 1-y), int64 labels 0..2. */
    static Map<String, NpyFile> yinYangFiles(SplittableRandom rng) {
        Map<String, NpyFile> m = new TreeMap<>();
        for (String part : List.of("train", "validation", "test")) {
            int n = 10;
            double[] s = new double[4 * n];
            long[] lab = new long[n];
            for (int i = 0; i < n; i++) {
                double x = 0.05 + 0.9 * rng.nextDouble();
                double y = 0.05 + 0.9 * rng.nextDouble();
                s[4 * i] = x;
                s[4 * i + 1] = y;
                s[4 * i + 2] = 1 - x;
                s[4 * i + 3] = 1 - y;
                lab[i] = i % 3;
            }
            m.put(part + "_samples.npy", f8(new long[] {n, 4}, s));
            m.put(part + "_labels.npy", i8(new long[] {n}, lab));
        }
        return m;
    }

    /** An IDX file of unsigned bytes: magic {@code 0 0 type rank}, big-endian sizes, values. */
    static byte[] idx(int type, int[] dims, byte[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(values).array();
    }

    static byte[] gzip(byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(o)) {
            z.write(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return o.toByteArray();
    }

    static final int IMAGES = 8;
    static final int SIDE = 4;

    /** The uncompressed IDX content of a valid tiny Fashion-MNIST folder: 8 images of 4x4 pixels per part. */
    static Map<String, byte[]> idxFiles(SplittableRandom rng) {
        Map<String, byte[]> m = new TreeMap<>();
        for (String part : List.of("train", "t10k")) {
            byte[] px = new byte[IMAGES * SIDE * SIDE];
            byte[] lab = new byte[IMAGES];
            for (int i = 0; i < IMAGES; i++) {
                lab[i] = (byte) (i % 10);
                for (int q = 0; q < SIDE * SIDE; q++) {
                    px[i * SIDE * SIDE + q] = (byte) rng.nextInt(256);
                }
            }
            m.put(part + "-images-idx3-ubyte.gz", idx(8, new int[] {IMAGES, SIDE, SIDE}, px));
            m.put(part + "-labels-idx1-ubyte.gz", idx(8, new int[] {IMAGES}, lab));
        }
        return m;
    }

    static Map<String, byte[]> bytesOf(Map<String, NpyFile> files) {
        Map<String, byte[]> m = new TreeMap<>();
        files.forEach((k, v) -> m.put(k, v.bytes()));
        return m;
    }

    /** Writes the files (a null value: absent) into a new folder {@code name}. */
    static Path write(String name, Map<String, byte[]> files) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            if (e.getValue() != null) {
                Files.write(d.resolve(e.getKey()), e.getValue());
            }
        }
        return d;
    }

    /** Every file under {@code d} with its bytes. */
    static Map<String, byte[]> snapshot(Path d) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(d.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @BeforeAll
    static void validFoldersTrain() throws IOException {
        Path sp = write("valid-spikes", bytesOf(spikeFiles(new SplittableRandom(0))));
        CliRun.Result s = CliRun.run("train", "--dataset", "spikes", "--data-dir", sp.toString(), "--layers", "4,2",
                "--epochs", "1", "--threads", "1", "--out", dir.resolve("valid-spikes-run").toString());
        assertEquals(0, s.code(), s.err());
        Path yy = write("valid-yinyang", bytesOf(yinYangFiles(new SplittableRandom(0))));
        Path run = dir.resolve("valid-yinyang-run");
        CliRun.Result r = CliRun.run("train", "--data-dir", yy.toString(), "--hidden", "4", "--epochs", "1",
                "--threads", "1", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        checkpoint = run.resolve("checkpoint.json");
        r = CliRun.run("evaluate", "--checkpoint", checkpoint.toString(), "--data-dir", yy.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, byte[]> fm = new TreeMap<>();
        idxFiles(new SplittableRandom(0)).forEach((k, v) -> fm.put(k, gzip(v)));
        Path f = write("valid-fashion", fm);
        r = CliRun.run("train", "--dataset", "fashion-mnist", "--data-dir", f.toString(), "--validation", "2",
                "--layers", "4,10", "--epochs", "1", "--threads", "1", "--out", dir.resolve("valid-fashion-run")
                        .toString());
        assertEquals(0, r.code(), r.err());
    }

    // ------------------------------------------------------------------------------------------------ corruptions

    /** A corrupted folder: file name to bytes (null = absent), the file the error must name, what was done. */
    record Case(Map<String, byte[]> files, String culprit, String what) {
    }

    static byte[] otherByte(byte b, SplittableRandom rng) {
        return new byte[] {(byte) (b + 1 + rng.nextInt(255))};
    }

    static <T> T pick(SplittableRandom rng, List<T> xs) {
        return xs.get(rng.nextInt(xs.size()));
    }

    static final java.util.regex.Pattern SUPPORTED = java.util.regex.Pattern.compile(
            "[<>|=](f8|f4|i8|i4|i2|i1|u1|b1)");

    /** One .npy corruption of family {@code family} of the valid folder {@code valid}. */
    static Case corruptNpy(Map<String, NpyFile> valid, boolean spikes, int family, SplittableRandom rng) {
        Map<String, byte[]> files = bytesOf(valid);
        List<String> names = new ArrayList<>(valid.keySet());
        String f = pick(rng, names);
        NpyFile v = valid.get(f);
        byte[] b = files.get(f).clone();
        int dataStart = b.length - v.data().length;
        String culprit = f;
        String what;
        switch (family) {
            case 0 -> {
                int cut = rng.nextInt(dataStart);
                b = Arrays.copyOf(b, cut);
                what = "truncated inside the header, at byte " + cut;
            }
            case 1 -> {
                int k = 1 + rng.nextInt(24);
                b = Arrays.copyOf(b, b.length - k);
                what = k + " bytes short of the end";
            }
            case 2 -> {
                int cut = rng.nextInt(b.length);
                what = "truncated at byte " + cut + " of " + b.length;
                b = Arrays.copyOf(b, cut);
            }
            case 3 -> {
                int i = rng.nextInt(6);
                b[i] = otherByte(b[i], rng)[0];
                what = "magic byte " + i + " = 0x" + Integer.toHexString(b[i] & 0xff);
            }
            case 4 -> {
                if (rng.nextBoolean()) {
                    int major = pick(rng, List.of(0, 2, 3, 4 + rng.nextInt(252)));
                    b[6] = (byte) major;
                    what = "major version " + major + " on a version-1 layout";
                } else {
                    b[7] = (byte) (1 + rng.nextInt(255));
                    what = "minor version " + (b[7] & 0xff);
                }
            }
            case 5 -> {
                int old = (b[8] & 0xff) | (b[9] & 0xff) << 8;
                int now;
                do {
                    now = rng.nextBoolean() ? old + rng.nextInt(-old, 200) : rng.nextInt(65536);
                } while (now == old);
                b[8] = (byte) now;
                b[9] = (byte) (now >>> 8);
                what = "header length " + now + " instead of " + old;
            }
            case 6 -> {
                String d;
                do {
                    d = rng.nextBoolean() ? pick(rng, List.of("", "<", ">", "f8", "<<f8", "<f9", "<f16", "<x8",
                            "<F8", "< f8", "<f8'")) : randomText(rng, 1 + rng.nextInt(5), "<>|=fiubcUSOMm0123456789x'");
                } while (SUPPORTED.matcher(d).matches());
                b = v.withDescr(d).bytes();
                what = "descr '" + d + "'";
            }
            case 7 -> {
                List<String> wrong = new ArrayList<>(List.of("<f4", "<i4", "<i2", "|u1", "|b1", "<c16", "<f2", "<u4",
                        "<u8", "|S8", "<U2", "|O", "<M8[ns]"));
                wrong.add(v.descr().equals("<i8") ? "<f8" : "<i8");
                String d = pick(rng, wrong);
                b = v.withDescr(d).bytes();
                what = "dtype " + d + " over the " + v.descr() + " data";
            }
            case 8 -> {
                long[] dims = v.dims();
                int kind = rng.nextInt(dims.length > 1 ? 8 : 7);
                String s;
                switch (kind) {
                    case 0 -> {
                        int d = rng.nextInt(dims.length);
                        long[] c = dims.clone();
                        c[d] = rng.nextBoolean() || c[d] < 2 ? c[d] + 1 + rng.nextInt(3) : rng.nextLong(c[d]);
                        s = shape(c);
                    }
                    case 1 -> s = shape(dims).replaceFirst("\\d+", "-" + dims[0]);
                    case 2 -> s = shape(dims).replaceFirst("\\d+", pick(rng, List.of("x", "1.5", "2e3", "0x10", "")));
                    case 3 -> s = pick(rng, List.of("(4294967296, 4294967296, 4294967296)", "(9223372036854775807, 2)",
                            "(2305843009213693952,)", "(99999999999999999999,)"));
                    case 4 -> s = shape(dims).substring(0, shape(dims).length() - 1);
                    case 5 -> s = "[" + shape(dims).substring(1, shape(dims).length() - 1) + "]";
                    case 6 -> s = "()";
                    default -> {
                        long[] c = dims.clone();
                        c[0] = dims[1];
                        c[1] = dims[0];
                        s = shape(c);
                    }
                }
                b = v.withShape(s).bytes();
                what = "shape " + s + " instead of " + v.shape();
            }
            case 9 -> {
                String fo = pick(rng, List.of("True", "True", "Flase", "1", "None", "'False'", "false", ""));
                b = v.withFortran(fo).bytes();
                what = "fortran_order " + fo;
            }
            case 10 -> {
                double[] x = v.values();
                boolean labels = f.contains("labels");
                int i;
                double bad;
                if (!labels && spikes) {
                    do {
                        i = rng.nextInt(x.length);
                    } while (Double.isNaN(x[i]));
                    bad = pick(rng, List.of(-x[i], Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, -1e-300));
                } else if (!labels) {
                    i = 4 * rng.nextInt(x.length / 4) + rng.nextInt(2);     // x or y of a sample
                    bad = pick(rng, List.of(Double.NaN, -0.1, 1.5, Double.POSITIVE_INFINITY));
                } else {
                    i = rng.nextInt(x.length);
                    bad = spikes ? pick(rng, List.of(-1.0, Double.NaN, Double.POSITIVE_INFINITY, 0.5, 100000.0, 1e7))
                            : pick(rng, List.of(3.0, -1.0, Double.NaN, Double.NEGATIVE_INFINITY, 0.5));
                }
                x[i] = bad;
                b = f8(v.dims(), x).bytes();           // labels as float64 (NaN and fractions need a float)
                what = "value " + i + " = " + bad;
            }
            default -> {
                String part = f.substring(0, f.indexOf('_'));
                String lab = part + "_labels.npy";
                String data = part + (spikes ? "_spikes.npy" : "_samples.npy");
                long[] dims = valid.get(data).dims();
                int n = (int) dims[0];
                int kind = rng.nextInt(6);
                if (kind == 5) {                                          // no samples in a required part
                    String p2 = pick(rng, List.of("train", "test"));
                    String d2 = p2 + (spikes ? "_spikes.npy" : "_samples.npy");
                    long[] c = valid.get(d2).dims().clone();
                    c[0] = 0;
                    files.put(d2, f8(c).bytes());
                    files.put(p2 + "_labels.npy", i8(new long[] {0}).bytes());
                    return new Case(files, d2, p2 + " part with no samples");
                } else if (kind == 0) {                                   // label count
                    int m = rng.nextBoolean() ? n + 1 + rng.nextInt(3) : rng.nextInt(n);
                    files.put(lab, i8(new long[] {m}, new long[m]).bytes());
                    culprit = lab;
                    what = m + " labels for " + n + " samples";
                } else if (kind == 1) {                                   // label rank
                    files.put(lab, i8(new long[] {n, 1}, new long[n]).bytes());
                    culprit = lab;
                    what = "labels of shape (" + n + ", 1)";
                } else if (kind == 2) {                                   // columns / channels of another part
                    String p2 = spikes ? pick(rng, List.of("validation", "test")) : part;
                    String d2 = p2 + (spikes ? "_spikes.npy" : "_samples.npy");
                    long[] c = valid.get(d2).dims().clone();
                    c[1] = spikes ? c[1] + 1 : 3;
                    files.put(d2, f8(c, new double[(int) (c[0] * c[1] * (c.length > 2 ? c[2] : 1))]).bytes());
                    culprit = d2;
                    what = d2 + " of shape " + shape(c);
                } else if (kind == 3) {                                   // rank of the spikes / samples
                    long[] c = rng.nextBoolean() ? new long[] {n * dims[1] * (dims.length > 2 ? dims[2] : 1)}
                            : new long[] {n, dims[1], dims.length > 2 ? dims[2] : 1, 1, 1};
                    c = c.length == 5 ? Arrays.copyOf(c, spikes ? 4 : 3) : c;
                    int count = (int) Arrays.stream(c).reduce(1, (a, q) -> a * q);
                    double[] z = new double[count];
                    Arrays.fill(z, 0.25);
                    files.put(data, f8(c, z).bytes());
                    culprit = data;
                    what = data + " of rank " + c.length;
                } else {                                                  // a missing file
                    files.put(f, null);
                    culprit = f;
                    what = f + " missing";
                }
                return new Case(files, culprit, what);
            }
        }
        files.put(f, b);
        return new Case(files, culprit, f + ": " + what);
    }

    static String randomText(SplittableRandom rng, int n, String alphabet) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(rng.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** One IDX / gzip corruption of family {@code family} of the valid (uncompressed) folder {@code raw}. */
    static Case corruptIdx(Map<String, byte[]> raw, int family, SplittableRandom rng) {
        Map<String, byte[]> files = new TreeMap<>();
        raw.forEach((k, v) -> files.put(k, gzip(v)));
        String f = pick(rng, new ArrayList<>(raw.keySet()));
        byte[] plain = raw.get(f).clone();
        byte[] gz = files.get(f).clone();
        int rank = plain[3];
        String what;
        String culprit = f;
        switch (family) {
            case 0 -> {
                int cut = rng.nextBoolean() ? gz.length - 1 - rng.nextInt(8) : rng.nextInt(gz.length);
                gz = Arrays.copyOf(gz, cut);
                what = "gzip truncated at byte " + cut;
            }
            case 1 -> {
                int k = 1 + rng.nextInt(4);
                for (int j = 0; j < k; j++) {
                    int i = 10 + rng.nextInt(gz.length - 18);
                    gz[i] = otherByte(gz[i], rng)[0];
                }
                what = k + " deflate bytes replaced";
            }
            case 2 -> {
                int i = gz.length - 1 - rng.nextInt(8);
                gz[i] = otherByte(gz[i], rng)[0];
                what = "gzip trailer byte " + i + " changed";
            }
            case 3 -> {
                int i = rng.nextInt(3);
                gz[i] = otherByte(gz[i], rng)[0];
                what = "gzip header byte " + i + " = 0x" + Integer.toHexString(gz[i] & 0xff);
            }
            case 4 -> {
                int kind = rng.nextInt(5);
                ByteBuffer bb = ByteBuffer.wrap(plain);
                if (kind == 0) {
                    int i = rng.nextInt(2);
                    plain[i] = otherByte(plain[i], rng)[0];
                    what = "IDX magic byte " + i;
                } else if (kind == 1) {
                    plain[2] = pick(rng, List.of((byte) 0x09, (byte) 0x0b, (byte) 0x0c, (byte) 0x0d, (byte) 0x0e,
                            (byte) 0));
                    what = "IDX type 0x" + Integer.toHexString(plain[2]);
                } else if (kind == 2) {
                    plain[3] = (byte) pick(rng, List.of(0, rank + 1, rank - 1 == 0 ? 2 : rank - 1, 255)).intValue();
                    what = "IDX rank " + (plain[3] & 0xff);
                } else {
                    int d = rng.nextInt(rank);
                    int old = bb.getInt(4 + 4 * d);
                    int now = kind == 3 ? pick(rng, List.of(old + 1 + rng.nextInt(5), rng.nextInt(old), -1,
                            Integer.MIN_VALUE)) : Integer.MAX_VALUE;
                    if (kind == 4) {
                        for (int q = 0; q < rank; q++) {
                            bb.putInt(4 + 4 * q, Integer.MAX_VALUE);
                        }
                    } else {
                        bb.putInt(4 + 4 * d, now);
                    }
                    what = "IDX size " + d + " = " + now + (kind == 4 ? " (all sizes)" : "");
                }
                gz = gzip(plain);
            }
            case 5 -> {
                int header = 4 + 4 * rank;
                byte[] changed = rng.nextBoolean() ? Arrays.copyOf(plain, header + rng.nextInt(plain.length - header))
                        : Arrays.copyOf(plain, plain.length + 1 + rng.nextInt(24));
                what = "IDX data of " + (changed.length - header) + " bytes instead of " + (plain.length - header);
                gz = gzip(changed);
            }
            case 6 -> {
                String part = f.substring(0, f.indexOf('-'));
                String images = part + "-images-idx3-ubyte.gz";
                String labels = part + "-labels-idx1-ubyte.gz";
                int kind = rng.nextInt(6);
                if (kind == 4) {
                    files.put(images, gzip(idx(8, new int[] {0, SIDE, SIDE}, new byte[0])));
                    files.put(labels, gzip(idx(8, new int[] {0}, new byte[0])));
                    return new Case(files, images, "no images");
                } else if (kind == 5) {
                    files.put(images, gzip(idx(8, new int[] {IMAGES, 0, 0}, new byte[0])));
                    return new Case(files, images, "images of 0x0 pixels");
                } else if (kind == 0) {
                    int m = rng.nextBoolean() ? IMAGES + 1 : IMAGES - 1;
                    files.put(labels, gzip(idx(8, new int[] {m}, new byte[m])));
                    culprit = labels;
                    what = m + " labels for " + IMAGES + " images";
                } else if (kind == 1) {
                    byte[] l = raw.get(labels).clone();
                    int i = rng.nextInt(IMAGES);
                    l[l.length - IMAGES + i] = (byte) (10 + rng.nextInt(246));
                    files.put(labels, gzip(l));
                    culprit = labels;
                    what = "label " + i + " = " + (l[l.length - IMAGES + i] & 0xff);
                } else {
                    int[] dims = kind == 2 ? new int[] {2 * IMAGES, SIDE, SIDE / 2} : new int[] {IMAGES, SIDE * SIDE};
                    files.put(images, gzip(idx(8, dims, new byte[IMAGES * SIDE * SIDE])));
                    culprit = images;
                    what = "images of sizes " + Arrays.toString(dims);
                }
                return new Case(files, culprit, what);
            }
            default -> {
                byte[] p = rng.nextBoolean() ? Arrays.copyOf(plain, rng.nextInt(plain.length)) : plain;
                if (p == plain) {
                    p[rng.nextInt(2)] = (byte) (1 + rng.nextInt(255));
                }
                String name = f.substring(0, f.length() - 3);
                files.put(f, null);
                files.put(name, p);
                what = "uncompressed " + name + (p.length < plain.length ? " truncated at byte " + p.length
                        : " with a bad magic");
                return new Case(files, name, what);
            }
        }
        files.put(f, gz);
        return new Case(files, culprit, f + ": " + what);
    }

    // ------------------------------------------------------------------------------------------------ the checks

    /** Runs {@code args} and asserts the refusal, no run folder and the data folder unchanged. */
    static String assertRefused(String what, Case c, Path data, Path run, String... args) throws IOException {
        Map<String, byte[]> before = snapshot(data);
        CliRun.Result r = CliRun.run(args);
        String all = r.out() + r.err();
        assertNotEquals(0, r.code(), what + ": accepted; " + all);
        assertEquals(1, r.err().lines().count(), what + ": " + r.err());
        assertTrue(r.err().startsWith("evnn: error: "), what + ": " + r.err());
        assertFalse(all.contains("internal error") || all.contains("Exception") || all.contains("\tat "),
                what + ": " + all);
        assertTrue(r.err().contains(c.culprit()), what + ": the error names " + c.culprit() + ": " + r.err());
        assertFalse(r.err().contains("(null)"), what + ": " + r.err());
        if (run != null) {
            assertFalse(Files.exists(run), what + ": no run folder on error");
        }
        Map<String, byte[]> after = snapshot(data);
        assertEquals(before.keySet(), after.keySet(), what + ": no file added or removed");
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), what + ": " + k + " untouched"));
        System.out.println("  -> " + r.err().strip());
        return r.err();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("spikeSeeds")
    void corruptSpikeData(long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, NpyFile> valid = spikeFiles(rng);
        SpikeData.load(write("spikes-ok-" + seed, bytesOf(valid)));          // the fixture itself is valid
        Case c = corruptNpy(valid, true, (int) (seed % 12), rng);
        refusedSpikes("spikes seed " + seed + " family " + seed % 12 + " (" + c.what() + ")", c, "spikes-" + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("yinYangSeeds")
    void corruptYinYangData(long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, NpyFile> valid = yinYangFiles(rng);
        YinYang.publication(write("yinyang-ok-" + seed, bytesOf(valid)));
        Case c = corruptNpy(valid, false, (int) (seed % 12), rng);
        refusedYinYang("Yin-Yang seed " + seed + " family " + seed % 12 + " (" + c.what() + ")", c,
                "yinyang-" + seed);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("idxSeeds")
    void corruptFashionMnistFiles(long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, byte[]> raw = idxFiles(rng);
        Map<String, byte[]> gz = new TreeMap<>();
        raw.forEach((k, v) -> gz.put(k, gzip(v)));
        FashionMnist.load(write("fashion-ok-" + seed, gz), 2, 1, 20, 0);
        Case c = corruptIdx(raw, (int) (seed % 8), rng);
        refusedFashion("IDX seed " + seed + " family " + seed % 8 + " (" + c.what() + ")", c, "fashion-" + seed);
    }

    static String refusedSpikes(String what, Case c, String name) throws IOException {
        System.out.println(what);
        Path d = write(name, c.files());
        Path run = dir.resolve(name + "-run");
        return assertRefused(what, c, d, run, "train", "--dataset", "spikes", "--data-dir", d.toString(), "--epochs",
                "1", "--threads", "1", "--out", run.toString());
    }

    static String refusedYinYang(String what, Case c, String name) throws IOException {
        System.out.println(what);
        Path d = write(name, c.files());
        Path run = dir.resolve(name + "-run");
        assertRefused(what + ", train", c, d, run, "train", "--data-dir", d.toString(), "--hidden", "4", "--epochs",
                "1", "--threads", "1", "--out", run.toString());
        return assertRefused(what + ", evaluate", c, d, null, "evaluate", "--checkpoint", checkpoint.toString(),
                "--data-dir", d.toString(), "--threads", "1");
    }

    static String refusedFashion(String what, Case c, String name) throws IOException {
        System.out.println(what);
        Path d = write(name, c.files());
        Path run = dir.resolve(name + "-run");
        return assertRefused(what, c, d, run, "train", "--dataset", "fashion-mnist", "--data-dir", d.toString(),
                "--validation", "2", "--epochs", "1", "--threads", "1", "--out", run.toString());
    }

    /** Each input that the readers got wrong before this test existed, and a fragment of its error message now. */
    static final Map<String, String> REGRESSIONS = new java.util.LinkedHashMap<>();

    static {
        // an internal error (StringIndexOutOfBoundsException), now:
        REGRESSIONS.put("npy descr ''", "unsupported dtype ''");
        // an internal error (ArithmeticException: long overflow), now:
        REGRESSIONS.put("npy shape product overflows", "is too large");
        // "too long: ... needs 0 data bytes" (the byte count overflowed to 0), now:
        REGRESSIONS.put("npy shape times item size overflows", "is too large");
        // accepted (NumPy refuses any version but 1.0, 2.0, 3.0), now:
        REGRESSIONS.put("npy minor version 1.5", "unsupported .npy version 1.5");
        // "--layers: size 100001 must be in [1, 100000]" (an option the user did not give), now:
        REGRESSIONS.put("spikes label 100000", "is not a class index (an integer in [0, 99999])");
        // "the training set is empty" (no file named; the run folder was created), now:
        REGRESSIONS.put("spikes train part empty", "no samples");
        // accepted, with a test accuracy of NaN %, now:
        REGRESSIONS.put("Yin-Yang test part empty", "no samples");
        // "Fashion-MNIST: train images have sizes ..." (no file named), now:
        REGRESSIONS.put("idx non-square images", "expected [n, side, side]");
        // "train has 8 images but labels of sizes [7]" (no file named), now:
        REGRESSIONS.put("idx label count", "expected [8]");
        // "train label 7 = 10" (no file named), now:
        REGRESSIONS.put("idx label 10", "is not a class (0..9)");
        // "corrupt or truncated gzip data (null)", now:
        REGRESSIONS.put("idx gzip cut short", "corrupt or truncated gzip data (unexpected end of file)");
        // "truncated: sizes [...] need <an overflowed count> bytes", now:
        REGRESSIONS.put("idx sizes overflow", "are too large");
        // "truncated IDX header", now:
        REGRESSIONS.put("idx rank 0", "IDX rank 0");
        // "--validation must be in [0, 0), got 2", now:
        REGRESSIONS.put("idx no images", "holds no images");
    }

    static Stream<String> regressions() {
        return REGRESSIONS.keySet().stream();
    }

    /** The bugs this test found stay fixed: refused, naming the file, with the message of {@link #REGRESSIONS}. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regressions")
    void foundBugsStayFixed(String name) throws IOException {
        SplittableRandom rng = new SplittableRandom(0);
        Map<String, NpyFile> sp = spikeFiles(rng);
        Map<String, NpyFile> yy = yinYangFiles(rng);
        Map<String, byte[]> fm = new TreeMap<>();
        idxFiles(rng).forEach((k, v) -> fm.put(k, gzip(v)));
        String tag = "regression-" + name.replaceAll("[^A-Za-z0-9]+", "-");
        String ts = "train_spikes.npy";
        String ti = "train-images-idx3-ubyte.gz";
        String tl = "train-labels-idx1-ubyte.gz";
        String err = switch (name) {
            case "npy descr ''" -> refusedSpikes(name, one(sp, ts, sp.get(ts).withDescr("").bytes()), tag);
            case "npy shape product overflows" -> refusedSpikes(name, one(sp, ts, sp.get(ts)
                    .withShape("(4294967296, 4294967296, 4294967296)").bytes()), tag);
            case "npy shape times item size overflows" -> refusedSpikes(name, one(sp, ts, sp.get(ts)
                    .withShape("(2305843009213693952,)").bytes()), tag);
            case "npy minor version 1.5" -> {
                byte[] b = sp.get(ts).bytes();
                b[7] = 5;
                yield refusedSpikes(name, one(sp, ts, b), tag);
            }
            case "spikes label 100000" -> {
                long[] lab = new long[12];
                lab[3] = SpikeData.MAX_CLASSES;
                yield refusedSpikes(name, one(sp, "train_labels.npy", i8(new long[] {12}, lab).bytes()), tag);
            }
            case "spikes train part empty" -> {
                Case c = one(sp, ts, f8(new long[] {0, CHANNELS, SPIKES_PER_CHANNEL}).bytes());
                c.files().put("train_labels.npy", i8(new long[] {0}).bytes());
                yield refusedSpikes(name, c, tag);
            }
            case "Yin-Yang test part empty" -> {
                Case c = one(yy, "test_samples.npy", f8(new long[] {0, 4}).bytes());
                c.files().put("test_labels.npy", i8(new long[] {0}).bytes());
                yield refusedYinYang(name, c, tag);
            }
            case "idx non-square images" -> refusedFashion(name, new Case(with(fm, ti, gzip(idx(8,
                    new int[] {IMAGES, SIDE, 2 * SIDE}, new byte[IMAGES * SIDE * SIDE * 2]))), ti, name), tag);
            case "idx label count" -> refusedFashion(name, new Case(with(fm, tl, gzip(idx(8,
                    new int[] {IMAGES - 1}, new byte[IMAGES - 1]))), tl, name), tag);
            case "idx label 10" -> {
                byte[] l = new byte[IMAGES];
                l[IMAGES - 1] = 10;
                yield refusedFashion(name, new Case(with(fm, tl, gzip(idx(8, new int[] {IMAGES}, l))), tl, name),
                        tag);
            }
            case "idx gzip cut short" -> refusedFashion(name, new Case(with(fm, ti, Arrays.copyOf(fm.get(ti),
                    fm.get(ti).length - 4)), ti, name), tag);
            case "idx sizes overflow" -> refusedFashion(name, new Case(with(fm, ti, gzip(idx(8,
                    new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[16]))), ti, name),
                    tag);
            case "idx rank 0" -> refusedFashion(name, new Case(with(fm, tl, gzip(idx(8, new int[0], new byte[8]))),
                    tl, name), tag);
            case "idx no images" -> {
                Map<String, byte[]> f = with(fm, ti, gzip(idx(8, new int[] {0, SIDE, SIDE}, new byte[0])));
                f.put(tl, gzip(idx(8, new int[] {0}, new byte[0])));
                yield refusedFashion(name, new Case(f, ti, name), tag);
            }
            default -> throw new AssertionError(name);
        };
        assertTrue(err.contains(REGRESSIONS.get(name)), name + ": expected '" + REGRESSIONS.get(name) + "' in " + err);
    }

    static Case one(Map<String, NpyFile> valid, String file, byte[] bytes) {
        return new Case(with(bytesOf(valid), file, bytes), file, file + " corrupted");
    }

    static Map<String, byte[]> with(Map<String, byte[]> files, String file, byte[] bytes) {
        Map<String, byte[]> m = new TreeMap<>(files);
        m.put(file, bytes);
        return m;
    }
}
