"""The curriculum: lesson folders, their metadata schema, listing and printable handouts."""
