package org.eventprop4j.core.sim;

import org.eventprop4j.core.model.ClosedForm;

/** {@link Flow} of a model with a {@link ClosedForm}: no numerical integration. */
final class ExactFlow implements Flow {
    private final ClosedForm cf;

    ExactFlow(ClosedForm cf) {
        this.cf = cf;
    }

    @Override
    public double advance(double[] y, double[] p, double gap) {
        double s = cf.nextCrossing(y, p, gap);
        cf.flow(y, p, Double.isNaN(s) ? gap : s);
        return s;
    }

    @Override
    public void flowOnly(double[] y, double[] p, double gap) {
        if (gap > 0.0) {
            cf.flow(y, p, gap);
        }
    }
}
