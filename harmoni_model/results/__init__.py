"""What replications add up to: tidy results, estimates with intervals, comparisons, costs."""
