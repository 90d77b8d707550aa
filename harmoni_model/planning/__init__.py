"""Planning on top of the model: targets and levers, queueing approximations, the advisor, experiments."""
