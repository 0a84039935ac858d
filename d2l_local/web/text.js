// Wording from the catalogue's templates (d2l_local/messages): Python hands them over
// unfilled, and the drawing and the page's computations fill in their fields.

/** `template` with each {name} replaced by fields[name]. */
export function fill(template, fields = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in fields ? fields[name] : whole));
}
