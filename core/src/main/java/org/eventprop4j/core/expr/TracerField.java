package org.eventprop4j.core.expr;

import org.hipparchus.Field;

/** The field of the {@link Tracer}s of one {@link Graph}: zero and one are constant nodes of that graph. */
public final class TracerField implements Field<Tracer> {
    final Graph graph;

    /** A field recording into {@code graph}. */
    public TracerField(Graph graph) {
        this.graph = graph;
    }

    /** A tracer for input {@code i} of kind {@code kind} ({@link Op#IN_Y}, {@link Op#IN_P} or {@link Op#IN_X}). */
    public Tracer input(byte kind, int i) {
        return new Tracer(this, graph.input(kind, i));
    }

    /** A tracer for an existing node. */
    public Tracer of(int node) {
        return new Tracer(this, node);
    }

    @Override
    public Tracer getZero() {
        return new Tracer(this, graph.constant(0.0));
    }

    @Override
    public Tracer getOne() {
        return new Tracer(this, graph.constant(1.0));
    }

    @Override
    public Class<Tracer> getRuntimeClass() {
        return Tracer.class;
    }
}
