package org.eventprop4j.core.expr;

import org.hipparchus.Field;

/** The field of the {@link Tracer}s of one {@link Graph}: zero and one are constant nodes of that graph. */
public final class TracerField implements Field<Tracer> {
    final Graph graph;

    /**
     * A field recording into {@code graph}.
     *
     * @param graph the graph that the tracers of this field record into
     */
    public TracerField(Graph graph) {
        this.graph = graph;
    }

    /**
     * A tracer for input {@code i} of kind {@code kind} ({@link Op#IN_Y}, {@link Op#IN_P} or {@link Op#IN_X}).
     *
     * @param kind the input array
     * @param i    the element index in that array
     * @return a new tracer for that input's node (the graph has one node per input)
     * @throws IllegalArgumentException if {@code kind} is not one of the three input kinds
     */
    public Tracer input(byte kind, int i) {
        return new Tracer(this, graph.input(kind, i));
    }

    /**
     * A tracer for an existing node.
     *
     * @param node the node number in this field's graph
     * @return a tracer standing for that node
     */
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
