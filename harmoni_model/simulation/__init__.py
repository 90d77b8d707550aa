"""One replication: the salabim engine, named random streams, KPI definitions."""
