package org.eventprop4j.autodiff;

import org.eventprop4j.core.model.NeuronModel;
import org.eventprop4j.core.sim.SimOptions;

/** Numerical EventProp adjoint for models without closed form (placeholder until implemented). */
final class GeneralAdjoint implements NeuronAdjoint {
    private final NeuronModel model;

    GeneralAdjoint(NeuronModel model, SimOptions opts) {
        this.model = model;
    }

    @Override
    public void backward(NeuronTask task) {
        throw new UnsupportedOperationException("gradients for model " + model.name() + " are not implemented yet");
    }
}
