import SynchronyTask

/// A phase-model trainer small enough for unit tests: 2,000 random
/// candidates, 300 refinement steps, one simulated candidate per objective at K = 2 MHz.
func quickTrainer(objectives: [SynchronyDetectorTrainer.ProposalObjective] = SynchronyDetectorTrainer.ProposalObjective.allCases)
    -> SynchronyDetectorTrainer {
    var trainer = SynchronyDetectorTrainer()
    trainer.randomCandidates = 2_000
    trainer.refinementSteps = 300
    trainer.simulatedCandidates = 1
    trainer.objectives = objectives
    trainer.couplings = [2]
    trainer.threads = 2
    return trainer
}
