"""The book's helpers with the book's names and signatures (d2l 1.0.3's chapter 11:
the data, the plotting, the training loops, the 2-D traces), parity-tested against it."""
