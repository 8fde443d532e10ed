"""Files in, models out: safe YAML with locations, loading and validating, the shipped resources, inputs."""
