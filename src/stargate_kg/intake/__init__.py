"""Adding an article: draft a sheet of candidate statements, review it, add it to the graph.

- :func:`~stargate_kg.intake.draft.draft` reads an article and proposes rows
  (known and new entities, figures, dates, relation cues, a verbatim quote each):
  figure rows in :mod:`~stargate_kg.intake.figure_rows`, cue-word rows in
  :mod:`~stargate_kg.intake.cue_rows`, names, places, roles and claims in
  :mod:`~stargate_kg.intake.rows`, keep=yes/no and the reasons of doubt in
  :mod:`~stargate_kg.intake.keep`;
- :mod:`~stargate_kg.intake.sheet` writes and reads the sheet (CSV for any spreadsheet);
- :func:`~stargate_kg.intake.add.add_sheet` checks every row and writes the graph files, all or nothing;
- :func:`~stargate_kg.intake.coverage.coverage` lists sentences no statement cites.

The parsers stand alone: :mod:`~stargate_kg.intake.figures` (money, capacities,
counts, dates), :mod:`~stargate_kg.intake.text` (body, sentences, quotes),
:mod:`~stargate_kg.intake.names` (entity mentions), :mod:`~stargate_kg.intake.cues`
(relation cue words), :mod:`~stargate_kg.intake.variants` (regional names, names in
brackets, near-duplicates, what is not a name), :mod:`~stargate_kg.intake.sites` (sites named by
their place and who builds, funds, oversees or operates them), :mod:`~stargate_kg.intake.parties`
(who a figure is about, or "not sure"), :mod:`~stargate_kg.intake.review` (add's extra columns and
warnings), :mod:`~stargate_kg.intake.gold` (party-aware scores against gold lists).
"""
