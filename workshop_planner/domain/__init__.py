"""The domain: typed models, vocabularies and pure rules. Imports nothing of ours."""
