"""The logical structure of what is drawn, for the tagged screen PDF.

Every flowable says what it is (``role``: P, H2, LI, Figure, Artifact…). While a
tagged canvas draws (it carries a :class:`Tagger` as ``canvas.tagger``), each piece of
content is wrapped in a marked-content sequence with an MCID and recorded under its
structure element, or marked as an artifact (backgrounds, rules, box frames).
render/tags.py then writes the recorded tree into the PDF. Untagged canvases (print)
draw as usual.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass(eq=False)
class Element:
    """A structure element; ``kids`` are elements or (page, mcid) pairs."""

    tag: str
    kids: list = field(default_factory=list)
    alt: str | None = None
    boxes: list = field(default_factory=list)  # (page, x0, y0, x1, y1): where its content is
    attributes: dict = field(default_factory=dict)


class Group:
    """Flowables that share one element: a list's items, a paragraph split over panels."""

    def __init__(self, tag: str, **attributes):
        self.tag, self.attributes = tag, attributes


class Tagger:
    """Collects the structure while a canvas draws; the canvas carries it as ``tagger``."""

    def __init__(self):
        self.document = Element("Document")
        self.page = -1
        self.next_mcid = 0
        self.groups: dict[int, Element] = {}  # id(Group) → its element
        self.stack = [self.document]
        self.heading_level = 0  # of the last heading tagged

    def heading(self, role: str) -> str:
        """A heading's tag, one level below the last heading at most: a box's heading
        (H3) that no H2 precedes, as at the start of a booklet's chapter, becomes H2, so a
        screen reader's outline of the headings never skips a level."""
        if not (len(role) == 2 and role[0] == "H" and role[1] in "123456"):
            return role
        self.heading_level = min(int(role[1]), self.heading_level + 1)
        return f"H{self.heading_level}"

    def new_page(self) -> None:
        self.page += 1
        self.next_mcid = 0

    @contextmanager
    def artifact(self, canvas):
        canvas.addLiteral("/Artifact BMC")
        try:
            yield
        finally:
            canvas.addLiteral("EMC")

    @contextmanager
    def within(self, element: Element):
        self.stack[-1].kids.append(element)
        self.stack.append(element)
        try:
            yield element
        finally:
            self.stack.pop()

    def element_for(self, flowable) -> Element:
        """The element a flowable's content goes into, made (and placed) on first use."""
        part_of = getattr(flowable, "part_of", None)  # a paragraph split over two panels
        if part_of is not None and id(part_of) in self.groups:
            return self.groups[id(part_of)]
        role = self.heading(getattr(flowable, "role", "P"))
        parent = self.stack[-1]
        group = getattr(flowable, "group", None)  # a list holds its items
        if group is not None:
            if id(group) not in self.groups:
                self.groups[id(group)] = Element(group.tag, attributes=group.attributes)
                parent.kids.append(self.groups[id(group)])
            parent = self.groups[id(group)]
        element = Element(role, alt=getattr(flowable, "alt", None))
        if role == "LI":  # a list item's content sits in its body, after its label
            parent.kids.append(element)
            body = Element("LBody")
            body.item = element
            element.kids.append(body)
            element = body
        else:
            parent.kids.append(element)
        if part_of is not None:
            self.groups[id(part_of)] = element
        return element

    @contextmanager
    def marked(self, canvas, flowable, box):
        """Draw ``flowable``'s content as one marked-content sequence of its element."""
        with self.marked_in(canvas, self.element_for(flowable), box) as element:
            yield element

    @contextmanager
    def marked_in(self, canvas, element: Element, box):
        """Draw content as one marked-content sequence of ``element``."""
        mcid = self.next_mcid
        self.next_mcid += 1
        element.kids.append((self.page, mcid))
        element.boxes.append((self.page, *box))
        canvas.addLiteral(f"/{element.tag} <</MCID {mcid}>> BDC")
        try:
            yield element
        finally:
            canvas.addLiteral("EMC")


def draw_tagged(canvas, flowable, x: float, y: float) -> None:
    """drawOn, inside the right marked content (or as an artifact) when the canvas is tagged."""
    tagger = getattr(canvas, "tagger", None)
    role = getattr(flowable, "role", None)
    if tagger is None or role is None:  # print, or a spacer that draws nothing
        flowable.drawOn(canvas, x, y)
        return
    if role == "Artifact" or (role == "Figure" and getattr(flowable, "alt", None) == ""):
        with tagger.artifact(canvas):
            flowable.drawOn(canvas, x, y)
        return
    if hasattr(flowable, "draw_tagged"):  # a container (the box) tags its own insides
        flowable.draw_tagged(canvas, tagger, x, y)
        return
    box = (x, y, x + flowable.width, y + flowable.height)
    with tagger.marked(canvas, flowable, box):
        flowable.drawOn(canvas, x, y)
