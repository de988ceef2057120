package org.eventprop4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.eventprop4j.core.io.NetJson;
import org.eventprop4j.examples.ModelPresets;
import org.eventprop4j.optim.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCliTest {

    @TempDir
    Path dir;

    /** A tiny run: 60 samples per part, 10 hidden neurons, 2 epochs. */
    static String[] tiny(Path out, String... extra) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        String[] base = {"--data", "generated", "--limit", "60", "--hidden", "10", "--epochs", "2", "--batch-size",
            "16", "--threads", "2", "--out", out.toString()};
        for (int i = 0; i < base.length; i += 2) {
            o.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < extra.length; i += 2) {
            o.put(extra[i], extra[i + 1]);
        }
        List<String> a = new java.util.ArrayList<>(List.of("train"));
        o.forEach((k, v) -> {
            a.add(k);
            a.add(v);
        });
        return a.toArray(new String[0]);
    }

    static List<String> listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void trainWritesTheRunFolderAndEvaluateReadsIt() throws IOException {
        Path out = dir.resolve("run");
        CliRun.Result r = EvnnCliTest.run(tiny(out));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("data: generated"), r.out());
        assertTrue(r.out().contains("epoch   1/2"), r.out());
        assertTrue(r.out().contains("epoch   2/2"), r.out());
        assertTrue(r.out().contains("test accuracy: "), r.out());
        assertTrue(r.out().contains("s training pass"), r.out());
        assertEquals(List.of(".evnn.lock", "checkpoint.json", "curves.png", "metrics.csv", "net.json", "raster.png",
                "yinyang.png"), listing(out));
        List<String> csv = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(3, csv.size());
        assertTrue(csv.get(0).startsWith("epoch,lr,train_loss,train_accuracy,val_loss,val_accuracy"), csv.get(0));
        assertTrue(csv.get(2).startsWith("2,"), csv.get(2));
        for (String png : List.of("curves.png", "raster.png", "yinyang.png")) {
            byte[] b = Files.readAllBytes(out.resolve(png));
            assertTrue(b.length > 1000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', png);
        }
        Checkpoint cp = Checkpoint.read(out.resolve("checkpoint.json"), 1);
        assertEquals(2, cp.epochsDone());
        assertEquals("generated", cp.meta().get("data"));
        assertEquals(10, cp.net().layers().get(0).size());
        assertEquals(cp.net().layers(), NetJson.read(out.resolve("net.json"), 1).layers());

        CliRun.Result ev = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString(),
                "--data", "generated", "--limit", "60");
        assertEquals(0, ev.code(), ev.err());
        assertTrue(ev.out().contains("test accuracy: "), ev.out());
        // the same number as train printed for the final network
        assertEquals(testLine(r), testLine(ev));
        String evLine = ev.out().lines().filter(l -> l.startsWith("test accuracy: ")).findFirst().orElseThrow();
        // without data options: the checkpoint's own data (generated, first 60), the same number
        CliRun.Result own = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString());
        assertEquals(0, own.code(), own.err());
        assertTrue(own.out().contains("data: generated") && own.out().contains("first 60"), own.out());
        assertFalse(own.out().contains("note:"), own.out());
        assertEquals(evLine, own.out().lines().filter(l -> l.startsWith("test accuracy: ")).findFirst().orElseThrow());
        // other data: evaluated, with a note saying so
        CliRun.Result other = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString(),
                "--data", "publication", "--limit", "60");
        assertEquals(0, other.code(), other.err());
        assertTrue(other.out().contains("note: the checkpoint trained on generated data, this evaluates it on "
                + "publication data"), other.out());
        // net.json works too
        ev = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("net.json").toString(), "--data", "generated",
                "--limit", "60");
        assertEquals(0, ev.code(), ev.err());
    }

    @Test
    void resumeContinuesAndRefusesChangedHyperparameters() throws IOException {
        Path out = dir.resolve("run");
        assertEquals(0, EvnnCliTest.run(tiny(out, "--epochs", "1")).code());
        Path cp = out.resolve("checkpoint.json");
        Path out2 = dir.resolve("run2");
        CliRun.Result r = EvnnCliTest.run("train", "--data", "generated", "--limit", "60", "--resume",
                cp.toString(), "--epochs", "2", "--out", out2.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("resuming"), r.out());
        assertTrue(r.out().contains("epoch   2/2"), r.out());
        assertEquals(3, Files.readAllLines(out2.resolve("metrics.csv")).size());

        r = EvnnCliTest.run("train", "--data", "generated", "--limit", "60", "--resume", cp.toString(), "--lr",
                "0.1", "--out", out2.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("evnn: error: --lr cannot be changed on --resume"), r.err());
        r = EvnnCliTest.run("train", "--data", "generated", "--limit", "60", "--resume", cp.toString(),
                "--hidden-penalty", "0.1", "--out", out2.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("evnn: error: --hidden-penalty cannot be changed on --resume"), r.err());
    }

    @Test
    void unwritableOutputFolderFailsCleanlyWithoutWritingAnything() throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        CliRun.Result r = EvnnCliTest.run(tiny(file.resolve("run")));
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("evnn: error: cannot write to output folder"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(List.of("a-file"), listing(dir));
        assertEquals("", r.out());
    }

    @Test
    void invalidHyperparametersAndCheckpointsAreOneLineErrors() throws IOException {
        for (String[] bad : new String[][] {{"--lr", "0"}, {"--batch-size", "0"}, {"--epochs", "0"},
            {"--loss", "hinge"}, {"--hidden", "0"}, {"--data", "mnist"}, {"--hidden-penalty", "NaN"},
            {"--hidden-penalty-tau", "0"}}) {
            Path out = dir.resolve("bad");
            CliRun.Result r = EvnnCliTest.run(tiny(out, bad));
            assertEquals(1, r.code(), String.join(" ", bad) + ": " + r.err());
            assertTrue(r.err().startsWith("evnn: error: "), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(out), "nothing written for " + String.join(" ", bad));
        }
        Path corrupt = dir.resolve("checkpoint.json");
        Files.writeString(corrupt, "{ \"format\": \"evnn-checkpoint/1\", \"net\": { \"model\": ");
        CliRun.Result r = EvnnCliTest.run("evaluate", "--checkpoint", corrupt.toString(), "--data", "generated");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("evnn: error: checkpoint " + corrupt + " is corrupt or truncated"), r.err());
        r = EvnnCliTest.run("train", "--resume", corrupt.toString(), "--data", "generated", "--out",
                dir.resolve("r").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("corrupt or truncated"), r.err());
        assertFalse(Files.exists(dir.resolve("r")));
    }

    @Test
    void trainsANumericalModelWithItsParametersAndResumesIt() throws IOException {
        Path out = dir.resolve("qif");
        CliRun.Result r = EvnnCliTest.run(tiny(out, "--model", "qif", "--param", "tau_mem=15", "--epochs", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("5-10-3 QIF (tau_mem=15)"), r.out());
        Checkpoint cp = Checkpoint.read(out.resolve("checkpoint.json"), 1);
        assertEquals("qif", cp.net().model().name());
        assertEquals(15.0, cp.net().layers().get(0).params()[1][3]);
        assertEquals(ModelPresets.of("qif").tolerance(), cp.net().options().tolerance());
        assertEquals("qif", cp.meta().get("model"));
        CliRun.Result more = EvnnCliTest.run("train", "--data", "generated", "--limit", "60", "--resume",
                out.resolve("checkpoint.json").toString(), "--epochs", "2", "--threads", "2", "--out", out.toString());
        assertEquals(0, more.code(), more.err());
        assertEquals("qif", Checkpoint.read(out.resolve("checkpoint.json"), 1).net().model().name());
    }

    @Test
    void unknownModelOrParameterIsAOneLineError() {
        CliRun.Result a = EvnnCliTest.run(tiny(dir.resolve("a"), "--model", "hodgkin"));
        assertEquals(1, a.code());
        assertTrue(a.err().contains("unknown --model 'hodgkin'") && a.err().contains("qif"), a.err());
        assertEquals(1, a.err().strip().lines().count(), a.err());
        CliRun.Result b = EvnnCliTest.run(tiny(dir.resolve("b"), "--model", "qif", "--param", "thresh=2"));
        assertEquals(1, b.code());
        assertTrue(b.err().contains("has no parameter 'thresh'") && b.err().contains("tau_mem"), b.err());
        CliRun.Result c = EvnnCliTest.run(tiny(dir.resolve("c"), "--model", "qif", "--param", "tau_mem=-1"));
        assertEquals(1, c.code());
        assertTrue(c.err().contains("tau_mem"), c.err());
    }

    @Test
    void trainsNeuronParametersChosenWithParamsAndKeepsThemOnResume() throws IOException {
        Path out = dir.resolve("all");
        CliRun.Result r = EvnnCliTest.run(tiny(out, "--params", "all", "--epochs", "1", "--hidden", "40", "--seed", "1"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("training weights,tau_syn,tau_mem,bias,thresh"), r.out());
        Checkpoint cp = Checkpoint.read(out.resolve("checkpoint.json"), 1);
        assertEquals("weights,tau_syn,tau_mem,bias,thresh", cp.config().params().spec());
        double[] tauMem = cp.net().layers().get(0).params()[1];
        assertTrue(java.util.Arrays.stream(tauMem).anyMatch(v -> v != 20.0), "tau_mem should have moved");
        CliRun.Result more = EvnnCliTest.run("train", "--data", "generated", "--limit", "60", "--resume",
                out.resolve("checkpoint.json").toString(), "--epochs", "2", "--threads", "2", "--out", out.toString());
        assertEquals(0, more.code(), more.err());
        CliRun.Result changed = EvnnCliTest.run("train", "--data", "generated", "--limit", "60", "--resume",
                out.resolve("checkpoint.json").toString(), "--params", "weights", "--out", out.toString());
        assertEquals(1, changed.code());
        assertTrue(changed.err().contains("--params cannot be changed on --resume"), changed.err());
        CliRun.Result bad = EvnnCliTest.run(tiny(dir.resolve("bad"), "--params", "weights,tau"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--params: unknown parameter group 'tau'") && bad.err().contains("tau_mem"),
                bad.err());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        CliRun.Result qif = EvnnCliTest.run(tiny(dir.resolve("q"), "--model", "qif", "--params", "weights,thresh"));
        assertEquals(1, qif.code());
        assertTrue(qif.err().contains("'thresh'"), qif.err());
    }

    @Test
    void trainsAnLiReadoutWithTheMaxVoltageLossAndResumesIt() throws IOException {
        Path out = dir.resolve("li");
        CliRun.Result r = EvnnCliTest.run(tiny(out, "--readout", "li", "--epochs", "1", "--hidden", "30"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("LIF + LI readout") && r.out().contains("max-voltage loss"), r.out());
        Checkpoint cp = Checkpoint.read(out.resolve("checkpoint.json"), 1);
        assertEquals("li", cp.net().model(1).name());
        assertEquals("max-voltage", cp.config().loss());
        assertTrue(Files.readString(out.resolve("net.json")).contains("\"model\" : \"li\""));
        CliRun.Result more = EvnnCliTest.run("train", "--data", "generated", "--limit", "60", "--resume",
                out.resolve("checkpoint.json").toString(), "--epochs", "2", "--threads", "2", "--out", out.toString());
        assertEquals(0, more.code(), more.err());
        CliRun.Result ev = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString(),
                "--data", "generated", "--limit", "60");
        assertEquals(0, ev.code(), ev.err());
        CliRun.Result bad = EvnnCliTest.run(tiny(dir.resolve("b"), "--loss", "max-voltage"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("needs a non-spiking readout (--readout li)"), bad.err());
        bad = EvnnCliTest.run(tiny(dir.resolve("c"), "--readout", "li", "--loss", "ttfs"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--readout li is trained with --loss max-voltage"), bad.err());
        bad = EvnnCliTest.run(tiny(dir.resolve("d"), "--readout", "linear"));
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("unknown --readout 'linear'"), bad.err());
    }

    /**
     * The user's own data from the CLI: a tiny spikes-format data set (two classes told apart by which of two channels
     * fires first) trains end to end, learns, writes the confusion plot, and resumes.
     */
    @Test
    void trainsATinySpikesDataSetEndToEnd() throws IOException {
        Path data = Files.createDirectory(dir.resolve("spk"));
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (String part : new String[] {"train", "validation", "test"}) {
            int n = part.equals("train") ? 120 : 40;
            List<double[][]> in = new java.util.ArrayList<>();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = r.nextInt(2);
                double early = 2 + 3 * r.nextDouble();
                double late = 12 + 3 * r.nextDouble();
                in.add(labels[i] == 0 ? new double[][] {{early}, {late}, {0.0}}
                        : new double[][] {{late}, {early}, {0.0}});
            }
            org.eventprop4j.examples.data.SpikeData.write(data, part,
                    new org.eventprop4j.optim.train.Dataset(in, labels), 3);
        }
        Path out = dir.resolve("run");
        CliRun.Result res = EvnnCliTest.run("train", "--dataset", "spikes", "--data-dir", data.toString(), "--layers",
                "20,2", "--epochs", "15", "--batch-size", "10", "--threads", "2", "--out", out.toString());
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("network 3-20-2 LIF"), res.out());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("test accuracy: ([0-9.]+) %").matcher(res.out());
        assertTrue(m.find(), res.out());
        assertTrue(Double.parseDouble(m.group(1)) >= 90.0, "should learn the order task: " + res.out());
        assertTrue(listing(out).containsAll(List.of("checkpoint.json", "confusion.png", "curves.png", "metrics.csv",
                "net.json", "raster.png")), listing(out).toString());
        CliRun.Result more = EvnnCliTest.run("train", "--data-dir", data.toString(), "--resume",
                out.resolve("checkpoint.json").toString(), "--epochs", "16", "--out", out.toString());
        assertEquals(0, more.code(), more.err());
        // evaluate finds the run's data by itself and prints train's number; other data are refused by shape
        CliRun.Result ev = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString());
        assertEquals(0, ev.code(), ev.err());
        assertEquals(testLine(more), testLine(ev));
        CliRun.Result other = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString(),
                "--dataset", "yinyang", "--data", "generated");
        assertEquals(1, other.code());
        assertTrue(other.err().contains("the yinyang data have 5 inputs and 3 classes, the network 3 inputs and 2 "
                + "outputs"), other.err());
        CliRun.Result bad = EvnnCliTest.run("train", "--dataset", "spikes", "--out", dir.resolve("x").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("needs --data-dir"), bad.err());
        bad = EvnnCliTest.run("train", "--dataset", "spikes", "--data-dir", data.toString(), "--layers", "20,3",
                "--out", dir.resolve("y").toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("2 classes"), bad.err());
    }

    /** Fashion-MNIST through the CLI on a tiny fixture in the original file layout (the real files may be absent). */
    @Test
    void fashionMnistDataSetRunsFromTheCli() throws IOException {
        Path fm = Files.createDirectory(dir.resolve("fm"));
        org.eventprop4j.examples.data.DataSetsTestAccess.tinyFashion(fm, 40, 2);
        Path out = dir.resolve("fmrun");
        CliRun.Result res = EvnnCliTest.run("train", "--dataset", "fashion-mnist", "--data-dir", fm.toString(),
                "--validation", "10", "--layers", "12,10", "--epochs", "1", "--threads", "1", "--out", out.toString());
        assertEquals(0, res.code(), res.err());
        assertTrue(res.out().contains("network 16-12-10 LIF") && res.out().contains("train 30, validation 10"),
                res.out());
        // the Fashion-MNIST default temperature, unless --tau0 says otherwise
        assertTrue(res.out().contains("tau0 0.25 ms"), res.out());
        CliRun.Result explicit = EvnnCliTest.run("train", "--dataset", "fashion-mnist", "--data-dir", fm.toString(),
                "--validation", "10", "--layers", "12,10", "--epochs", "1", "--threads", "1", "--tau0", "0.5",
                "--out", dir.resolve("fmrun2").toString());
        assertEquals(0, explicit.code(), explicit.err());
        assertTrue(explicit.out().contains("tau0 0.5 ms"), explicit.out());
        // evaluate reads the run's encoding (validation 10) from the checkpoint and prints train's number
        CliRun.Result ev = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString(),
                "--data-dir", fm.toString());
        assertEquals(0, ev.code(), ev.err());
        assertEquals(testLine(res), testLine(ev));
        CliRun.Result evVal = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString(),
                "--data-dir", fm.toString(), "--part", "validation");
        assertEquals(0, evVal.code(), evVal.err());
        assertTrue(evVal.out().contains("validation set (10 samples)"), evVal.out());
        assertTrue(Files.exists(out.resolve("confusion.png")));
        // weight averaging: none in one epoch; the second half of a longer run by default; --average-from overrides
        assertFalse(res.out().contains("weight average"), res.out());
        assertTrue(res.out().contains("test accuracy: ") && res.out().contains("final network, epoch 1"), res.out());
        CliRun.Result averaged = EvnnCliTest.run("train", "--dataset", "fashion-mnist", "--data-dir", fm.toString(),
                "--validation", "10", "--layers", "12,10", "--epochs", "3", "--threads", "1",
                "--out", dir.resolve("fmrun3").toString());
        assertEquals(0, averaged.code(), averaged.err());
        assertTrue(averaged.out().contains("weight average from epoch 1"), averaged.out());
        assertTrue(averaged.out().contains("; weight average of epochs 1-3;"), averaged.out());
        assertTrue(Files.readString(dir.resolve("fmrun3").resolve("checkpoint.json")).contains("\"average_net\""));
        CliRun.Result tooLate = EvnnCliTest.run("train", "--dataset", "fashion-mnist", "--data-dir", fm.toString(),
                "--epochs", "3", "--average-from", "4", "--out", dir.resolve("fmrun4").toString());
        assertEquals(1, tooLate.code());
        assertTrue(tooLate.err().contains("--average-from must be an epoch in [1, 3]"), tooLate.err());
        CliRun.Result missing = EvnnCliTest.run("train", "--dataset", "fashion-mnist", "--data-dir",
                dir.resolve("nowhere").toString(), "--out", dir.resolve("z").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("dataset-fashion-mnist"), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
    }

    /**
     * {@code --average-from}: net.json is the weight average (not the last network), and {@code evaluate} of the
     * checkpoint evaluates that average, giving the number train printed.
     */
    @Test
    void weightAveragingFromTheCli() throws IOException {
        Path out = dir.resolve("avg");
        CliRun.Result r = EvnnCliTest.run(tiny(out, "--epochs", "3", "--average-from", "2"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("weight average from epoch 2"), r.out());
        String trainLine = r.out().lines().filter(l -> l.startsWith("test accuracy: ")).findFirst().orElseThrow();
        assertTrue(trainLine.contains("; weight average of epochs 2-3;"), trainLine);
        Checkpoint cp = Checkpoint.read(out.resolve("checkpoint.json"), 1);
        assertEquals(2, cp.averagedEpochs());
        assertEquals(cp.averageNet().layers(), NetJson.read(out.resolve("net.json"), 1).layers());
        assertNotEquals(cp.net().layers(), cp.averageNet().layers());
        CliRun.Result ev = EvnnCliTest.run("evaluate", "--checkpoint", out.resolve("checkpoint.json").toString());
        assertEquals(0, ev.code(), ev.err());
        assertTrue(ev.out().contains("weight average of the networks after epochs 2-3"), ev.out());
        assertEquals(testLine(r), testLine(ev));
        // the start is fixed once the run began
        CliRun.Result changed = EvnnCliTest.run("train", "--resume", out.resolve("checkpoint.json").toString(),
                "--epochs", "4", "--average-from", "3", "--out", out.toString());
        assertEquals(1, changed.code());
        assertTrue(changed.err().contains("--average-from cannot be changed on --resume"), changed.err());
    }

    /** The accuracy figure of the first {@code test accuracy: } line ({@code train} and {@code evaluate} alike). */
    private static String testLine(CliRun.Result r) {
        String line = r.out().lines().filter(l -> l.startsWith("test accuracy: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no test accuracy in: " + r.out()));
        return line.split("[;)]")[0];
    }

    /** A resume trains on the checkpoint's data: it defaults to them, and refuses other data (fingerprint). */
    @Test
    void resumeChecksTheDataItTrainsOn() throws IOException {
        Path out = dir.resolve("fp");
        assertEquals(0, EvnnCliTest.run(tiny(out)).code());
        String cp = out.resolve("checkpoint.json").toString();
        assertTrue(Files.readString(out.resolve("checkpoint.json")).contains("\"data_fingerprint\""));
        CliRun.Result other = EvnnCliTest.run("train", "--resume", cp, "--epochs", "3", "--limit", "50", "--out",
                out.toString());
        assertNotEquals(0, other.code());
        assertEquals(1, other.err().lines().count(), other.err());
        assertTrue(other.err().contains("the data differ from those the checkpoint trained on"), other.err());
        CliRun.Result same = EvnnCliTest.run("train", "--resume", cp, "--epochs", "3", "--out", out.toString());
        assertEquals(0, same.code(), same.err());
        assertTrue(same.out().contains("data: generated"), same.out());
        assertTrue(same.out().contains("first 60 samples"), same.out());
        // resuming a finished run trains nothing and says the checkpoint was left as it was
        byte[] before = Files.readAllBytes(out.resolve("checkpoint.json"));
        CliRun.Result done = EvnnCliTest.run("train", "--resume", cp, "--epochs", "3", "--out", out.toString());
        assertEquals(0, done.code(), done.err());
        assertTrue(done.out().contains("(checkpoint.json unchanged: every epoch was already done)"), done.out());
        assertFalse(done.out().contains("wrote " + cp), done.out());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, Files.readAllBytes(out.resolve("checkpoint.json")));
    }
}
