"""Drop-in replacements for the parsers of loops that wildplan serves (see compat.v2_prompts)."""
