package org.eventprop4j.examples.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.optim.SpikeTimeMse;
import org.eventprop4j.optim.train.Dataset;
import org.eventprop4j.optim.train.EpochMetrics;
import org.eventprop4j.optim.train.TrainConfig;
import org.eventprop4j.optim.train.TrainListener;
import org.eventprop4j.optim.train.TrainResult;
import org.eventprop4j.optim.train.Trainer;

/**
 * Regression with exact spike-time gradients: a 2-20-2 LIF network learns to fire its two output neurons at times
 * that depend on the input. Input: channel 0 fires at {@code a}, channel 1 at {@code b} ({@code a, b} uniform in
 * {@code [0, 10]} ms). Targets: output 0 at {@code 8 + (a + b) / 2} ms (the mean of the inputs, delayed), output 1
 * at {@code 8 + max(a, b)} ms (the later input, delayed). Loss: {@link SpikeTimeMse}
 * (ms^2), trained with the {@link Trainer} on {@link Dataset#ofTargets target vectors}.
 *
 * <p>Run: {@code java -cp ... org.eventprop4j.examples.regression.SpikeTimeRegression [epochs] [seed]}; prints the
 * loss per epoch and a few predictions.
 */
public final class SpikeTimeRegression {

    private SpikeTimeRegression() {
    }

    /**
     * {@code n} samples of the task, reproducible from {@code seed}.
     *
     * @param n    number of samples
     * @param seed random seed
     * @return a target dataset: inputs of shape [2][1] and targets of shape [2] (both in ms)
     */
    public static Dataset data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<double[][]> in = new ArrayList<>(n);
        double[][] targets = new double[n][];
        for (int i = 0; i < n; i++) {
            double a = 10 * r.nextDouble();
            double b = 10 * r.nextDouble();
            in.add(new double[][] {{a}, {b}});
            targets[i] = new double[] {8 + 0.5 * (a + b), 8 + Math.max(a, b)};
        }
        return Dataset.ofTargets(in, targets);
    }

    /**
     * The network: 2 inputs, 20 hidden LIF neurons, 2 LIF outputs, window 50 ms; weights N(3, 1.5) and N(1, 0.5), so
     * that the outputs fire at the start, around the targets (a spike-time loss has no gradient for a silent neuron).
     *
     * @param seed seed of the weight initialisation
     * @return the untrained network
     */
    public static FFEvNN network(long seed) {
        return FFEvNN.builder(new LIF()).layers(20, 2).inSize(2).maxSolverTime(50).seed(seed)
                .gaussianWeights(0, 3.0, 1.5).gaussianWeights(1, 1.0, 0.5).threads(1).build();
    }

    /**
     * The loss: first-spike MSE to the targets, a silent output counted at 50 ms.
     *
     * @return a new {@link SpikeTimeMse} for 2 outputs with a silent time of 50 ms
     */
    public static SpikeTimeMse loss() {
        return new SpikeTimeMse(2, 50.0);
    }

    /**
     * Trains for {@code epochs} (batch 16, Adam lr 0.005 x0.98 per epoch, weights).
     *
     * @param epochs   number of epochs
     * @param seed     seed of the network, the data (seeds {@code seed + 1}, {@code seed + 2}) and training
     * @param listener progress callbacks, or null
     * @return the network after the last epoch, the best one on the 100 validation samples, and the per-epoch metrics
     *         (400 training samples)
     */
    public static TrainResult train(int epochs, long seed, TrainListener listener) {
        FFEvNN net = network(seed);
        TrainConfig c = TrainConfig.defaults().withEpochs(epochs).withBatchSize(16).withLr(0.005).withLrDecay(0.98)
                .withSeed(seed).withThreads(1).withSilentPush(0.3)
                .withParams(org.eventprop4j.optim.ParamGroups.weightsOnly());
        Trainer t = new Trainer(c).targetLoss(loss());
        if (listener != null) {
            t.listener(listener);
        }
        return t.fit(net, data(400, seed + 1), data(100, seed + 2));
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0;
        System.out.printf(Locale.ROOT, "before training: validation loss %.3f ms^2%n",
                Trainer.evaluate(network(seed), data(100, seed + 2), loss()).meanLoss());
        TrainResult r = train(epochs, seed, new TrainListener() {
            @Override
            public void onEpoch(EpochMetrics m) {
                System.out.printf(Locale.ROOT, "epoch %3d  train loss %8.3f ms^2  validation loss %8.3f ms^2%n",
                        m.epoch(), m.trainLoss(), m.valLoss());
            }
        });
        Dataset test = data(5, seed + 3);
        for (int i = 0; i < test.size(); i++) {
            double[] first = r.net().firstSpikeTimes(test.inputs().get(i));
            System.out.printf(Locale.ROOT, "a %5.2f b %5.2f -> outputs %6.2f %6.2f ms (targets %6.2f %6.2f)%n",
                    test.inputs().get(i)[0][0], test.inputs().get(i)[1][0], first[0], first[1],
                    test.targets()[i][0], test.targets()[i][1]);
        }
    }
}
