"""The interactive figures (anywidget widgets over the front end in ``d2l_local/web``):
the explorer, the path explorer, Reddi's problem, the landscape, the weight-decay
explorer and the schedule explorer. They draw what ``core`` computes."""
