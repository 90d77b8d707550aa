"""Many replications: in this process, a warm pool of worker processes, or a Dask cluster."""
