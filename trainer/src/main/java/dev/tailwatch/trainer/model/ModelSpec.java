package dev.tailwatch.trainer.model;

/**
 * What to train.
 *
 * @param kind    fully connected ({@code fcn}) or a small AlexNet-style CNN ({@code cnn})
 * @param depth   hidden layers of the FCN
 * @param width   units per hidden layer of the FCN
 * @param filters filters of the CNN's first convolution (the others scale with it, as in seed 000's sweeps)
 * @param loss    {@code xent} (softmax cross-entropy) or {@code hinge} (multi-class hinge on ±1 targets)
 */
public record ModelSpec(Kind kind, int depth, int width, int filters, Loss loss) {

    public enum Kind { FCN, CNN }

    public enum Loss { XENT, HINGE }

    public ModelSpec {
        if (kind == Kind.FCN && (depth < 1 || width < 1)) {
            throw new IllegalArgumentException("an FCN needs depth ≥ 1 and width ≥ 1, was depth " + depth + ", width " + width);
        }
        if (kind == Kind.CNN && filters < 1) {
            throw new IllegalArgumentException("a CNN needs filters ≥ 1, was " + filters);
        }
    }

    public String describe() {
        return kind == Kind.FCN ? "fcn depth=" + depth + " width=" + width + " loss=" + loss.name().toLowerCase()
                : "cnn filters=" + filters + " loss=" + loss.name().toLowerCase();
    }
}
