package org.eventprop4j.examples.bench;

import java.util.Arrays;

import org.eventprop4j.core.model.LIF;
import org.eventprop4j.core.net.FFEvNN;
import org.eventprop4j.examples.Stats;
import org.eventprop4j.examples.data.YinYang;
import org.eventprop4j.optim.train.Dataset;
import org.eventprop4j.optim.train.EpochMetrics;
import org.eventprop4j.optim.train.TrainConfig;
import org.eventprop4j.optim.train.TrainResult;
import org.eventprop4j.optim.train.Trainer;

/**
 * Training speed on Yin-Yang (5000 generated training samples, 1000 validation samples, the W&amp;P setup:
 * 5-200-3 LIF, batch 32, Adam): seconds per epoch (training + validation pass) and of its training pass alone,
 * single-threaded and with all cores, and microseconds per sample per training step (forward + loss + backward +
 * optimiser step: the training pass over the number of training samples). Arguments: [epochs (default 20)]; the first
 * epoch is warm-up, the median of the rest is reported. Note that the workload changes as the network trains
 * (about 67 hidden / 41 output spikes per sample at initialisation, about 22 / 2.5 after a few epochs).
 */
public final class TrainBenchmark {
    private TrainBenchmark() {
    }

    /** Median over the epochs after the first (warm-up), or the first if there is only one. */
    private static double median(TrainResult r, java.util.function.ToDoubleFunction<EpochMetrics> f) {
        double[] s = r.history().stream().skip(1).mapToDouble(f).toArray();
        return s.length == 0 ? f.applyAsDouble(r.history().get(0)) : Stats.median(s);
    }

    /**
     * Runs the program; the class comment describes its arguments.
     *
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int cores = Runtime.getRuntime().availableProcessors();
        YinYang.Split split = YinYang.generatedSplit();
        Dataset train = YinYang.toDataset(split.train());
        Dataset val = YinYang.toDataset(split.validation());
        System.out.printf("training benchmark: Yin-Yang %d train / %d validation samples, 5-200-3 LIF, batch 32, %d "
                + "epochs (first = warm-up, median of the rest)%n", train.size(), val.size(), epochs);
        for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            FFEvNN net = FFEvNN.builder(new LIF()).layers(200, 3).inSize(5).maxSolverTime(100).seed(0).tsyn(5)
                    .tmem(20).thresh(1).gaussianWeights(0, 1.5, 0.78).gaussianWeights(1, 0.93, 0.1)
                    .threads(threads).build();
            TrainConfig c = TrainConfig.defaults().withEpochs(epochs).withThreads(threads);
            TrainResult r = new Trainer(c).fit(net, train, val);
            double median = median(r, EpochMetrics::seconds);
            double trainMedian = median(r, EpochMetrics::trainSeconds);
            double stepUs = trainMedian / train.size() * 1e6;
            EpochMetrics last = r.last();
            System.out.printf("%d thread(s): %.3f s per epoch, of which %.3f s training pass (epochs %s s); training "
                            + "step %.1f us per sample; last epoch: %.1f hidden / %.2f output spikes per sample, val "
                            + "acc %.2f %%%n", threads, median, trainMedian,
                    Arrays.toString(r.history().stream().mapToDouble(m -> Math.round(m.seconds() * 1000) / 1000.0)
                            .toArray()), stepUs, last.hiddenSpikesPerSample(), last.outputSpikesPerSample(),
                    100 * last.valAccuracy());
        }
        System.exit(0);
    }
}
