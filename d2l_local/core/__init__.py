"""What the chapter computes beyond the book: loss curves and sweeps on the airfoil
data, paths on the 2-D problems, Reddi et al.'s problem, the landscape's heatmaps, a
foreach Adam, and the sliders' ranges. Uses ``book``; never the figures."""
