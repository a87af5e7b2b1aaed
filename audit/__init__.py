"""The audit stage: analysers, check kinds and the engine that runs the rules on stored pages."""
