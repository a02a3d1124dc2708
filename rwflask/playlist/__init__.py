"""What a listener hears: the pure playlist engine, play plans and speaker mix, and the data it reads."""
