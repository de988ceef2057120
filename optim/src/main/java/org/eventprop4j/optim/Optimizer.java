package org.eventprop4j.optim;

import org.eventprop4j.autodiff.Gradients;
import org.eventprop4j.core.net.FFEvNN;

/**
 * A first-order optimiser that updates an {@link FFEvNN}'s live parameter arrays in place from {@link Gradients}
 * (gradient descent: parameters move against the gradient).
 *
 * <p>An optimiser binds to the parameter layout of the first network it steps (layer sizes and trained groups) and
 * keeps per-parameter state (e.g. Adam moments) for it; later steps may pass another network of the same shape (e.g.
 * a copy). Call {@link #setEpoch(int)} at the start of every epoch so that epoch-based learning-rate schedules advance.
 */
public interface Optimizer {

    /**
     * One update: {@code p <- p - update(g)} for every trained parameter, then clamping into the valid ranges.
     *
     * @param net the network whose parameters are updated in place
     * @param g   gradients of the loss, shaped like {@code net}
     * @throws IllegalArgumentException if a trained gradient entry is not finite (no parameter or state is changed),
     *                                  or the network's shape differs from the bound layout
     */
    void step(FFEvNN net, Gradients g);

    /**
     * Binds the optimiser to {@code net} and allocates its state now rather than at the first {@link #step} (for
     * ND4J-based optimisers this also loads the native backend, ~0.4 s once per JVM). Optional; idempotent.
     *
     * @param net the network to bind to
     */
    default void prepare(FFEvNN net) {
    }

    /**
     * The parameter groups this optimiser trains (and their learning-rate multipliers); the {@code Trainer} asks for
     * neuron-parameter gradients only when a group other than the weights is trained.
     *
     * @return the trained parameter groups
     */
    ParamGroups groups();

    /**
     * The epoch hook: sets the (0-based) epoch used by the learning-rate schedule from the next step on.
     *
     * @param epoch the 0-based epoch
     */
    void setEpoch(int epoch);

    /**
     * The current epoch (0-based).
     *
     * @return the 0-based epoch
     */
    int epoch();

    /**
     * Number of steps taken since construction or {@link #reset()}.
     *
     * @return the number of steps
     */
    int iteration();

    /**
     * The base learning rate of the next step (before per-group multipliers).
     *
     * @return the learning rate
     */
    double learningRate();

    /** Forgets all state: moments zeroed, iteration and epoch back to 0. The parameter layout stays bound. */
    void reset();

    /**
     * The optimiser state (iteration, epoch, updater state) as a flat array, for checkpoints.
     *
     * @return the state
     */
    double[] exportState();

    /**
     * Restores a state from {@link #exportState()} of an optimiser of the same kind and parameter layout; the next
     * step then continues exactly as the exporting optimiser would have.
     *
     * @param state a state from {@link #exportState()}
     * @throws IllegalArgumentException if the state belongs to another kind of optimiser or another layout size
     */
    void importState(double[] state);
}
