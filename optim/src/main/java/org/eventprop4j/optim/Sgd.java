package org.eventprop4j.optim;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/** Plain SGD on ND4J's {@code SgdUpdater}: {@code p -= lr g}. */
public final class Sgd extends Nd4jOptimizer {

    /**
     * SGD with a constant learning rate.
     *
     * @param lr the learning rate ({@code > 0})
     */
    public Sgd(double lr) {
        this(LrSchedule.constant(lr));
    }

    /**
     * SGD with a learning-rate schedule.
     *
     * @param schedule the learning-rate schedule
     */
    public Sgd(LrSchedule schedule) {
        super(schedule);
    }

    @Override
    protected IUpdater createConfig(ISchedule lr) {
        return new org.nd4j.linalg.learning.config.Sgd(lr);
    }

    @Override
    protected int kindCode() {
        return 3;
    }

    @Override
    public String toString() {
        return "Sgd[" + schedule() + ", " + groups() + "]";
    }
}
