package org.eventprop4j.examples.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eventprop4j.core.io.AtomicFiles;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.core.sim.Spikes;
import org.eventprop4j.core.sim.Trace;
import org.eventprop4j.examples.data.YinYang;
import org.eventprop4j.optim.train.EpochMetrics;
import org.eventprop4j.optim.train.Evaluation;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The PNG plots of {@code evnn train} (XChart; written atomically). */
final class TrainPlots {
    private static final Color[] CLASS_COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};
    private static final String[] CLASS_NAMES = {"yang (0)", "yin (1)", "dot (2)"};

    private TrainPlots() {
    }

    private static void save(Path file, List<XYChart> charts, int rows, int cols) throws IOException {
        AtomicFiles.write(file, os -> BitmapEncoder.saveBitmap(charts, rows, cols, os,
                BitmapEncoder.BitmapFormat.PNG));
    }

    /** Loss (log scale if it spans more than a decade) and accuracy per epoch, training and validation. */
    static void curves(List<EpochMetrics> history, Path file) throws IOException {
        int n = history.size();
        double[] ep = new double[n];
        double[] tl = new double[n];
        double[] vl = new double[n];
        double[] ta = new double[n];
        double[] va = new double[n];
        boolean hasVal = false;
        for (int i = 0; i < n; i++) {
            EpochMetrics m = history.get(i);
            ep[i] = m.epoch();
            tl[i] = m.trainLoss();
            vl[i] = m.valLoss();
            ta[i] = 100 * m.trainAccuracy();
            va[i] = 100 * m.valAccuracy();
            hasVal |= !Double.isNaN(m.valAccuracy());
        }
        XYChart loss = new XYChartBuilder().width(800).height(350).title("Loss").xAxisTitle("epoch")
                .yAxisTitle("mean loss (label fired)").build();
        XYChart acc = new XYChartBuilder().width(800).height(350).title("Accuracy").xAxisTitle("epoch")
                .yAxisTitle("accuracy [%]").build();
        // a log axis only when the loss spans more than a decade (XChart labels only decades on log axes)
        boolean positive = true;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0.0;
        for (int i = 0; i < n; i++) {
            positive &= tl[i] > 0 && (!hasVal || vl[i] > 0);
            lo = Math.min(lo, hasVal ? Math.min(tl[i], vl[i]) : tl[i]);
            hi = Math.max(hi, hasVal ? Math.max(tl[i], vl[i]) : tl[i]);
        }
        loss.getStyler().setYAxisLogarithmic(positive && hi > 10 * lo);
        loss.addSeries("train", ep, tl).setMarker(n > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        acc.addSeries("train", ep, ta).setMarker(n > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        if (hasVal) {
            loss.addSeries("validation", ep, vl).setMarker(n > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
            acc.addSeries("validation", ep, va).setMarker(n > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        save(file, List.of(loss, acc), 2, 1);
    }

    /** The test points colored by predicted class (left) and by true class (right). */
    static void yinYang(YinYang.Set set, Evaluation ev, Path file) throws IOException {
        XYChart pred = plane(String.format(Locale.ROOT, "predicted class (test accuracy %.2f %%)",
                100 * ev.accuracy()), set, ev.predictions());
        XYChart truth = plane("true class", set, set.labels());
        save(file, List.of(pred, truth), 1, 2);
    }

    private static XYChart plane(String title, YinYang.Set set, int[] cls) {
        XYChart c = new XYChartBuilder().width(520).height(540).title(title).xAxisTitle("x").yAxisTitle("y").build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        for (int k = -1; k < 3; k++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                if (cls[i] == k) {
                    x.add(set.xy()[i][0]);
                    y.add(set.xy()[i][1]);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries s = c.addSeries(k < 0 ? "no output spike" : CLASS_NAMES[k], x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(k < 0 ? Color.BLACK : CLASS_COLORS[k]);
        }
        return c;
    }

    /**
     * Confusion matrix (rows: true class, columns: predicted class, "none" for a sample without output spike) and the
     * per-class accuracy in the row labels.
     */
    static void confusion(int[] labels, int[] predictions, int classes, List<String> names, Path file)
            throws IOException {
        int[][] m = new int[classes][classes + 1];
        int[] n = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            int p = predictions[i];
            m[labels[i]][p < 0 || p >= classes ? classes : p]++;
            n[labels[i]]++;
        }
        List<String> rows = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            rows.add(String.format(Locale.ROOT, "%s (%.1f %%)", names.get(k), n[k] == 0 ? 0.0 : 100.0 * m[k][k] / n[k]));
        }
        List<String> cols = new ArrayList<>(names);
        cols.add("none");
        List<Number[]> heat = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            for (int c = 0; c <= classes; c++) {
                heat.add(new Number[] {c, k, m[k][c]});
            }
        }
        org.knowm.xchart.HeatMapChart chart = new org.knowm.xchart.HeatMapChartBuilder().width(900).height(700)
                .title("confusion matrix (test; rows: true class with its accuracy, columns: predicted)")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.addSeries("counts", cols, rows, heat);
        AtomicFiles.write(file, os -> BitmapEncoder.saveBitmap(chart, os, BitmapEncoder.BitmapFormat.PNG));
    }

    /** Spike raster of one sample: input, hidden and output spikes (one panel per layer). */
    static void raster(FFEvNN net, double[][] input, int label, Path file) throws IOException {
        Trace tr = net.simulate(input);
        double tEnd = net.options().maxSolverTime();
        List<XYChart> panels = new ArrayList<>();
        panels.add(rasterPanel(String.format(Locale.ROOT, "input spikes (test sample 0, label %d)", label),
                tr.layers().get(0).input(), tEnd, "input channel"));
        for (int l = 0; l < tr.layers().size(); l++) {
            boolean last = l == tr.layers().size() - 1;
            Spikes s = tr.layers().get(l).output();
            panels.add(rasterPanel((last ? "output" : "hidden layer " + l) + " spikes (" + s.size() + ")", s, tEnd,
                    "neuron"));
        }
        save(file, panels, panels.size(), 1);
    }

    private static XYChart rasterPanel(String title, Spikes s, double tEnd, String yTitle) {
        XYChart c = new XYChartBuilder().width(800).height(260).title(title).xAxisTitle("time [ms]")
                .yAxisTitle(yTitle).build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setXAxisMin(0.0).setXAxisMax(tEnd);
        double[] t = s.times();
        double[] y = new double[t.length];
        for (int q = 0; q < t.length; q++) {
            y[q] = s.sources()[q];
        }
        if (t.length == 0) {   // XChart needs at least one point: an invisible one
            c.addSeries("spikes", new double[] {0}, new double[] {0}).setMarker(SeriesMarkers.NONE);
        } else {
            c.addSeries("spikes", t, y).setMarker(SeriesMarkers.CIRCLE);
        }
        return c;
    }
}
