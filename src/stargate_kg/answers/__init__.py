"""Answers and their renderers: what the graph says, computed once, as records.

Each question the toolkit answers (who funds whom, the timeline, search,
statistics, the statements about an entity) is computed here, in the library;
the command line (:mod:`stargate_kg.commands`), the notebook API
(:mod:`stargate_kg.answers.notebook`), exports and the map render those
records and never re-derive them.

>>> from stargate_kg import load, resolve
>>> from stargate_kg.answers.funding import funders
>>> kg = load()
>>> any(row.joint for row in funders(kg, resolve(kg, "Stargate").iri))
True
"""
