"""What a workshop keeps: the scenario library and the report."""
