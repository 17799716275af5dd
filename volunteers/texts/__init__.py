"""The public texts (initiatives, the party letter, the convention) and signatures."""
