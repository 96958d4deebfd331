package dev.tailwatch.trainer.train;

/** Called after every training step (on the training thread: keep it cheap). */
public interface TrainingProgress {

    /** accuracy is the latest test accuracy, NaN before the first evaluation. */
    void step(long iteration, double loss, double accuracy, double stepSeconds);
}
