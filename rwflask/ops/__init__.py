"""Operating rwflask: the CLI, the processes `make run` starts and their supervision, demo and benchmark data."""
