package org.eventprop4j.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.eventprop4j.core.io.AtomicFiles;
import org.eventprop4j.core.model.FunkyNeuron;
import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.model.QIF;
import org.eventprop4j.core.net.FFEvNN;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evnn tutorial}: the "Neuron Models" tutorial (reference/neuron-models-tutorial.txt). A 1-input, 5-neuron
 * LIF network, a QIF network and a network of the tutorial's custom {@link FunkyNeuron} receive spikes at 0, 0.5, 1,
 * 1.5 and 2 ms; the state of each output neuron is sampled at 100 (LIF) / 1000 (QIF, FunkyNeuron) times in [0, 10] ms
 * and plotted (state channel 0 on top, channel 1 below; for the FunkyNeuron they are labelled A and B as in the
 * tutorial).
 */
@Command(name = "tutorial", mixinStandardHelpOptions = true,
        description = {"Reproduce the neuron-models tutorial: LIF, QIF and FunkyNeuron networks (1 input, 5 neurons, "
                + "seed 0) driven by input spikes at 0, 0.5, 1, 1.5, 2 ms; write one PNG per output neuron with its "
                + "state (V or theta or A, and I or B) over 0..10 ms.",
            "Prints the paths of the files it wrote."})
final class TutorialCommand implements Callable<Integer> {

    /** Input spike times of the tutorial, ms. */
    static final double[][] INPUT = {{0.0, 0.5, 1.0, 1.5, 2.0}};

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "tutorial-out",
            description = "Output folder, created if needed (default: ${DEFAULT-VALUE}). Files: "
                    + "lif_neuron_<i>.png, qif_neuron_<i>.png, funky_neuron_<i>.png.")
    Path outDir;

    @Spec
    CommandSpec spec;

    /** The tutorial's LIF network. */
    static FFEvNN lifNetwork() {
        return FFEvNN.builder(new LIF()).layers(5).inSize(1).maxSolverTime(30).seed(0).solverStepsize(0.001)
                .maxEventSteps(2000).thresh(1).tsyn(5).tmem(20).initBias(0.1).wlim(4).wmean(2).build();
    }

    /** The tutorial's QIF network (no threshold; wlim 25, default wmean). */
    static FFEvNN qifNetwork() {
        return FFEvNN.builder(new QIF()).layers(5).inSize(1).maxSolverTime(30).seed(0).solverStepsize(0.001)
                .maxEventSteps(2000).tsyn(5).tmem(20).initBias(0.1).wlim(25).build();
    }

    /**
     * The tutorial's custom-model network: {@link FunkyNeuron} (LIF with {@code dA/dt = -(sin A + cos(B + bias)) tm},
     * {@code tsyn dB/dt = -B}), thresh 1, tsyn 5, tmem 20, initBias 0.1, wlim 2 (default wmean 0).
     */
    static FFEvNN funkyNetwork() {
        return FFEvNN.builder(new FunkyNeuron()).layers(5).inSize(1).maxSolverTime(30).seed(0).solverStepsize(0.001)
                .maxEventSteps(2000).thresh(1).tsyn(5).tmem(20).initBias(0.1).wlim(2).build();
    }

    /** {@code n} evenly spaced times from {@code a} to {@code b} inclusive. */
    static double[] linspace(double a, double b, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = n == 1 ? a : a + i * (b - a) / (n - 1);
        }
        t[n - 1] = n == 1 ? a : b;
        return t;
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(CliPaths.outputFolder("--out", outDir));
        List<Path> written = new ArrayList<>();
        written.addAll(experiment(lifNetwork(), linspace(0, 10, 100), "LIF", Double.NaN, null));
        written.addAll(experiment(qifNetwork(), linspace(0, 10, 1000), "QIF", 1000.0, null));
        // FunkyNeuron keeps LIF's channel names V and I; they play A and B
        written.addAll(experiment(funkyNetwork(), linspace(0, 10, 1000), "Funky", Double.NaN, List.of("A", "B")));
        PrintWriter out = spec.commandLine().getOut();
        for (Path p : written) {
            out.println(p);
        }
        out.flush();
        return 0;
    }

    /**
     * Simulates, plots and writes one PNG per output neuron.
     *
     * @param clip   if not NaN, channel 0 is clipped to {@code [-clip, clip]} (as the tutorial does for QIF)
     * @param labels axis labels of channels 0 and 1, or null for the model's channel names
     */
    private List<Path> experiment(FFEvNN net, double[] times, String title, double clip, List<String> labels)
            throws Exception {
        double[][][] state = net.stateAt(INPUT, times);
        NeuronModel model = net.model();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < state.length; i++) {
            double[] c0 = new double[times.length];
            double[] c1 = new double[times.length];
            for (int q = 0; q < times.length; q++) {
                double v = state[i][q][0];
                c0[q] = Double.isNaN(clip) ? v : Math.max(-clip, Math.min(clip, v));
                c1[q] = state[i][q][1];
            }
            List<String> names = labels != null ? labels : model.channels();
            XYChart top = panel(title + " output neuron " + i, names.get(0), times, c0, false);
            XYChart bottom = panel(null, names.get(1), times, c1, true);
            Path file = outDir.resolve(title.toLowerCase(Locale.ROOT) + "_neuron_" + i + ".png");
            AtomicFiles.write(file, os -> BitmapEncoder.saveBitmap(List.of(top, bottom), 2, 1, os,
                    BitmapEncoder.BitmapFormat.PNG));
            files.add(file);
        }
        return files;
    }

    private static XYChart panel(String title, String channel, double[] t, double[] y, boolean xAxisTitle) {
        XYChart chart = new XYChartBuilder().width(800).height(title != null ? 320 : 300)
                .title(title == null ? "" : title).xAxisTitle("Time [ms]").yAxisTitle(channel).build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartTitleVisible(title != null);
        chart.getStyler().setXAxisTitleVisible(xAxisTitle);
        // XChart puts x ticks on the data points (0.8081, 1.6162, ...) when the x values are exactly equally spaced;
        // one extra point on the straight line inside the last segment (invisible) makes it pick round ticks.
        int n = t.length;
        double[] tx = new double[n + 1];
        double[] yx = new double[n + 1];
        System.arraycopy(t, 0, tx, 0, n - 1);
        System.arraycopy(y, 0, yx, 0, n - 1);
        tx[n] = t[n - 1];
        yx[n] = y[n - 1];
        tx[n - 1] = n > 1 ? t[n - 2] + (t[n - 1] - t[n - 2]) / 3 : t[0];
        yx[n - 1] = n > 1 ? y[n - 2] + (y[n - 1] - y[n - 2]) / 3 : y[0];
        chart.addSeries(channel, tx, yx).setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
