"""Training recipe for clusterx's own spaCy pipelines (`make models`): corpora -> DocBin -> train -> metrics."""
