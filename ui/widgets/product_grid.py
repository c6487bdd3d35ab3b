"""ProductGrid: categories and products as touch-sized buttons (>= 48 px), with a search box."""
from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QSizePolicy,
    QVBoxLayout, QWidget,
)

from ui.i18n import language, tr
from ui.widgets.money import money

TOUCH = 48
COLUMNS = 2


class ProductGrid(QFrame):
    """Emits `wanted(category, text)` for the catalogue to load, and `chosen(product)` on a tap."""

    wanted = Signal(object, str)
    chosen = Signal(object)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setObjectName("ProductGrid")
        self.categories: list[str] = []
        self.category: Optional[str] = None
        self.products: list[Any] = []
        self.title = QLabel(objectName="PanelTitle")
        self.search = QLineEdit(objectName="ProductSearch")
        self.search.setMinimumHeight(36)
        self.search.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.search.textEdited.connect(lambda text: self.wanted.emit(self.category, text))
        # Categories wrap onto a second row rather than scroll: a half-hidden tab at the edge
        # reads as clipped text, and every category stays one tap away.
        self.category_bar = QGridLayout()
        self.category_bar.setSpacing(4)
        self.category_bar.setContentsMargins(0, 0, 0, 0)
        self._columns = 0
        self.category_group = QButtonGroup(self)
        self.category_group.setExclusive(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(6)
        inner = QWidget(objectName="ProductInner")
        inner.setLayout(self.grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        categories = QWidget(objectName="CategoryBar")
        categories.setLayout(self.category_bar)
        self.category_box = categories
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.search, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(categories)
        layout.addWidget(scroll, 1)
        self.retranslate()

    def set_categories(self, categories: list[str]) -> None:
        self.categories = list(categories)
        for button in self.category_group.buttons():
            self.category_group.removeButton(button)
            button.deleteLater()
        for category in self.categories:
            button = QPushButton(objectName="CategoryButton")
            button.setCheckable(True)
            button.setMinimumSize(TOUCH + 24, TOUCH)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("category", category)
            button.clicked.connect(lambda _=False, c=category: self.pick_category(c))
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.category_group.addButton(button)
        self._columns = 0
        self.retranslate()
        self._flow_categories()
        if self.categories and self.category is None:
            self.pick_category(self.categories[0] if "coffee" not in self.categories else "coffee")

    def _flow_categories(self) -> None:
        """As many category buttons to a row as fit whole at this width (at least 48 px tall each)."""
        buttons = self.category_group.buttons()
        if not buttons:
            return
        widest = max(b.sizeHint().width() for b in buttons) + self.category_bar.spacing()
        width = max(self.category_box.width(), self.width() - 24, widest)
        columns = max(1, min(len(buttons), width // widest))
        if columns == self._columns:
            return
        self._columns = columns
        for button in buttons:
            self.category_bar.removeWidget(button)
        for i, button in enumerate(buttons):
            self.category_bar.addWidget(button, i // columns, i % columns)

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._flow_categories()

    def pick_category(self, category: Optional[str]) -> None:
        self.category = category
        for button in self.category_group.buttons():
            button.setChecked(button.property("category") == category)
        self.search.clear()
        self.wanted.emit(category, "")

    def show_products(self, products: list[Any]) -> None:
        self.products = list(products)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for i, product in enumerate(self.products):
            button = QPushButton(objectName="ProductButton")
            button.setMinimumHeight(TOUCH + 8)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setProperty("sku", product.sku)
            button.clicked.connect(lambda _=False, p=product: self.chosen.emit(p))
            self.grid.addWidget(button, i // COLUMNS, i % COLUMNS)
        self.grid.setRowStretch(len(self.products) // COLUMNS + 1, 1)
        self._label_products()

    def product_buttons(self) -> list[QPushButton]:
        return [self.grid.itemAt(i).widget() for i in range(self.grid.count()) if self.grid.itemAt(i).widget()]

    def _label_products(self) -> None:
        zh = language() == "zh_TW"
        for button, product in zip(self.product_buttons(), self.products):
            name = product.name_zh if zh and product.name_zh else product.name
            button.setText(f"{name}\n{money(product.price)}")

    def retranslate(self) -> None:
        self.title.setText(tr("PRODUCTS"))
        self.search.setPlaceholderText(tr("Search products"))
        for button in self.category_group.buttons():
            button.setText(tr(button.property("category")))
        self._columns = 0  # the names' widths changed with the language
        self._flow_categories()
        self._label_products()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
