package org.eventprop4j.examples.cli;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;

/**
 * Defaults of {@code train --dataset fashion-mnist} and {@code --dataset spikes}: LIF layers (tau_syn 5 ms, tau_mem
 * 20 ms, thresh 1) with Gaussian weights scaled by the fan-in, inputs in {@code [0, INPUT_TIME]} ms and a window of
 * {@code WINDOW} ms. How they were chosen: docs/data.md.
 */
final class ImageDefaults {
    /**
     * Epochs of a Fashion-MNIST run (55,000 images per epoch): 30, the second half weight-averaged
     * ({@link #averageFrom}). Without averaging 20 were enough (more overfit); with it the average of epochs 15-30 ends
     * 0.1-0.3 % higher on validation than that of epochs 10-20 for seeds 1 and 2 (docs/data.md).
     */
    static final int EPOCHS = 30;
    /**
     * Latency code span, ms: 10 ms, chosen on validation (Fashion-MNIST seed 0, 20 epochs: 88.40 % at the end against
     * 87.0-87.8 % for 20 ms and the other variants tried; docs/data.md).
     */
    static final double INPUT_TIME = 10.0;
    /**
     * TTFS softmax temperature of a Fashion-MNIST run, ms (Yin-Yang: 0.5), chosen on validation (2026-12-06): one epoch
     * on 5,000 images, seeds 0-4, gives validation 77.0-79.1 % (mean 77.9 %) against 74.1-77.2 % (mean 76.3 %) with
     * 0.5; 20-epoch runs end level with 0.5 (docs/data.md).
     */
    static final double TAU0 = 0.25;
    /**
     * First averaged epoch of a Fashion-MNIST run of {@code epochs} epochs: {@code epochs / 2} (15 of 30), so the
     * second half of the run is averaged; 0 (none) for a one-epoch run. Chosen on validation (docs/data.md).
     *
     * @param epochs the run's epochs
     * @return the first averaged epoch (1-based), or 0
     */
    static int averageFrom(int epochs) {
        return epochs / 2;
    }

    /** Validation images of a Fashion-MNIST run: the last ones of the training file. */
    static final int VALIDATION = 5000;

    /** Simulation window, ms. */
    static final double WINDOW = 60.0;
    /**
     * Hidden weights ~ N(HIDDEN_MEAN * 784 / fan-in, HIDDEN_SD * sqrt(784 / fan-in)): the values are for Fashion-MNIST's
     * 784 inputs; the mean drive stays the same for another fan-in, the spread the same relative to it.
     */
    static final double HIDDEN_MEAN = 0.02;
    static final double HIDDEN_SD = 0.1;
    /** Output weights ~ N(OUT_MEAN, OUT_SD) for 350 hidden neurons, scaled to other fan-ins the same way. */
    static final double OUT_MEAN = 0.1;
    static final double OUT_SD = 0.1;

    private ImageDefaults() {
    }

    /** The layer sizes from {@code --layers}, or the data set's default. */
    static int[] layers(String option, String dataset, int classes) {
        String spec = option != null ? option : dataset.equals("fashion-mnist") ? "350,10" : "100," + classes;
        String[] parts = spec.split(",", -1);
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--layers wants sizes like 350,10, got '" + spec + "'");
            }
            if (sizes[i] < 1 || sizes[i] > 100_000) {
                throw new IllegalArgumentException("--layers: size " + sizes[i] + " must be in [1, 100000]");
            }
        }
        if (sizes[sizes.length - 1] != classes) {
            throw new IllegalArgumentException("--layers: the output layer has " + sizes[sizes.length - 1]
                    + " neurons but the data have " + classes + " classes");
        }
        return sizes;
    }

    /** The network for {@code inputs} input channels and {@code sizes} (hidden..., output). */
    static FFEvNN network(int inputs, int[] sizes, double window, long seed, int threads) {
        FFEvNN.Builder b = FFEvNN.builder(new LIF()).layers(sizes).inSize(inputs).maxSolverTime(window).seed(seed)
                .tsyn(5).tmem(20).thresh(1).threads(threads);
        int fan = inputs;
        for (int l = 0; l < sizes.length; l++) {
            boolean out = l == sizes.length - 1;
            double ref = out ? 350.0 : 784.0;
            b.gaussianWeights(l, (out ? OUT_MEAN : HIDDEN_MEAN) * ref / fan,
                    (out ? OUT_SD : HIDDEN_SD) * Math.sqrt(ref / fan));
            fan = sizes[l];
        }
        return b.build();
    }
}
