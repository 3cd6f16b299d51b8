"""Stage 3, drawing: the print PDF with its marks, the tagged screen PDF, the HTML
edition, proofs and previews."""
