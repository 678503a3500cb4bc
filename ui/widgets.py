"""Widgets every screen uses: sized labels and touch buttons, the notice banner, the preview."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QElapsedTimer, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.pipeline import PipelineUpdate
from kiosk.privacy.notice import Notice
from kiosk.screening import Phase
from ui.metrics import Metrics

FACE_COLOURS = {
    Phase.GUIDING: QColor("#f5a623"),
    Phase.MEASURING: QColor("#2f80ed"),
    Phase.RESULT: QColor("#ffffff"),
}


def text_label(metrics: Metrics, size_mm: float, bold: bool = False) -> QLabel:
    label = QLabel()
    font = QFont()
    font.setPixelSize(metrics.mm(size_mm))
    font.setBold(bold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label


class TouchButton(QPushButton):
    """At least 15 mm on each side, and it looks pressed when touched (nothing hover-only)."""

    def __init__(self, metrics: Metrics, colour: str = "#0b3d91") -> None:
        super().__init__()
        font = QFont()
        font.setPixelSize(metrics.mm(6))
        font.setBold(True)
        self.setFont(font)
        self.setMinimumSize(metrics.touch, metrics.touch)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(max(metrics.touch, metrics.mm(18)))
        radius = metrics.mm(3)
        self.setStyleSheet(
            f"QPushButton {{ background: {colour}; color: white; border: none;"
            f" border-radius: {radius}px; padding: 0 {radius}px; }}"
            f"QPushButton:pressed {{ background: #222; }}"
            f"QPushButton:checked {{ background: #1b7f3b; }}"
            f"QPushButton:disabled {{ background: #9aa0a6; }}"
        )


class NoticeBanner(QFrame):
    """The collection notice, on every visitor screen, in both languages: chosen one first."""

    def __init__(self, metrics: Metrics, notice: Notice) -> None:
        super().__init__()
        self.setStyleSheet(
            "NoticeBanner { background: #0b3d91; border-radius: 12px; } QLabel { color: white; }"
        )
        layout = QVBoxLayout(self)
        self.first = text_label(metrics, 5.5)
        self.second = text_label(metrics, 4.5)
        self.version = text_label(metrics, 3.5)
        for label in (self.first, self.second):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft)
            layout.addWidget(label)
        self.version.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.version)
        self.notice = notice
        self.language = notice.default_language
        self._render()

    def set_notice(self, notice: Notice) -> None:
        self.notice = notice
        self._render()

    def set_language(self, code: str) -> None:
        self.language = code
        self._render()

    def _render(self) -> None:
        zh, en = self.notice.short_zh, self.notice.short_en
        first, second = (zh, en) if self.language == "zh" else (en, zh)
        self.first.setText(first)
        self.second.setText(second)
        self.version.setText(self.notice.version)


class StaffBanner(QFrame):
    """For staff, not for visitors: a quiet strip saying alerts wait on the operator panel.

    Neutral colours and small text, so a visitor is not alarmed; it names the most severe
    alert so a passing member of staff knows whether to stop.
    """

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.setStyleSheet(
            "StaffBanner { background: #3c4043; border-radius: 8px; } QLabel { color: #e8eaed; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.mm(3), metrics.mm(1), metrics.mm(3), metrics.mm(1))
        self.text = text_label(metrics, 4)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text)
        self.setVisible(False)

    def show_alerts(self, text: str) -> None:
        self.text.setText(text)
        self.setVisible(bool(text))


class PreviewView(QLabel):
    """The camera picture, mirrored like a mirror, with the face outlined or a face guide.

    A tap reports where it landed in the camera frame's own pixels (`tapped`), undoing the
    mirror and the scaling, for marking calibration targets.
    """

    tapped = Signal(float, float)

    def __init__(self, minimum: tuple[int, int] = (320, 240)) -> None:
        super().__init__()
        self.setMinimumSize(*minimum)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: #111; border-radius: 12px;")
        self._frame_size = (0, 0)
        self._shown = QRectF()
        self.marks: list[tuple[float, float]] = []  # frame pixels to ring (calibration taps)

    def show_update(self, update: PipelineUpdate, image: np.ndarray | None = None) -> None:
        """Show the update's frame (or `image`, the same frame drawn over) with its face."""
        image = update.frame.image if image is None else image
        height, width = image.shape[:2]
        self._frame_size = (width, height)
        rgb = np.ascontiguousarray(image[:, ::-1, ::-1])
        qimage = QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        painter = QPainter(qimage)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        view = update.view
        colour = FACE_COLOURS.get(view.phase)
        if view.face is not None and colour is not None:
            x, y, w, h = view.face.box
            painter.setPen(QPen(colour, 4))
            painter.drawRoundedRect(QRectF(width - x - w, y, w, h), 16, 16)
        elif not self.marks:
            # Where to put your face: an oval guide in the middle of the picture.
            painter.setPen(QPen(QColor(255, 255, 255, 160), 3, Qt.PenStyle.DashLine))
            painter.drawEllipse(QPointF(width / 2, height * 0.45), width * 0.16, height * 0.3)
        painter.setPen(QPen(QColor("#34a853"), 3))
        for mx, my in self.marks:
            painter.drawEllipse(QPointF(width - mx, my), 12, 12)
        painter.end()
        pixmap = QPixmap.fromImage(qimage).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        left = (self.width() - pixmap.width()) / 2
        top = (self.height() - pixmap.height()) / 2
        self._shown = QRectF(left, top, pixmap.width(), pixmap.height())
        self.setPixmap(pixmap)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        width, height = self._frame_size
        shown, point = self._shown, event.position()
        if width and shown.contains(point):
            x = (point.x() - shown.left()) / shown.width() * width
            y = (point.y() - shown.top()) / shown.height() * height
            self.tapped.emit(width - x, y)  # the picture is mirrored
        super().mouseReleaseEvent(event)


class CornerHotspot(QWidget):
    """An invisible square in a screen corner: held down long enough, it asks for the PIN.

    While it is held a ring fills up, so whoever holds it knows the kiosk noticed and how
    much longer to hold (nothing shows for a visitor who only brushes the corner).
    """

    held = Signal()
    REPAINT_MS = 40

    def __init__(self, parent: QWidget, size: int, hold_s: float) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._done)
        self._repaint = QTimer(self)
        self._repaint.setInterval(self.REPAINT_MS)
        self._repaint.timeout.connect(self.update)
        self._pressed = QElapsedTimer()
        self.set_hold(hold_s)

    def set_hold(self, hold_s: float) -> None:
        self._timer.setInterval(int(hold_s * 1000))

    @property
    def progress(self) -> float:
        """0 … 1 of the hold done; 0 when not held."""
        if not self._repaint.isActive():
            return 0.0
        return min(1.0, self._pressed.elapsed() / max(self._timer.interval(), 1))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed.start()
        self._timer.start()
        self._repaint.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._stop()
        event.accept()

    def _done(self) -> None:
        self._stop()
        self.held.emit()

    def _stop(self) -> None:
        self._timer.stop()
        self._repaint.stop()
        self.update()

    def paintEvent(self, event: object) -> None:
        progress = self.progress
        if progress <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        margin = self.width() * 0.2
        ring = QRectF(margin, margin, self.width() - 2 * margin, self.height() - 2 * margin)
        painter.setPen(QPen(QColor(60, 64, 67, 90), self.width() * 0.08))
        painter.drawEllipse(ring)
        painter.setPen(QPen(QColor("#1a73e8"), self.width() * 0.08))
        painter.drawArc(ring, 90 * 16, int(-progress * 360 * 16))
        painter.end()


class Confirmation(QFrame):
    """A question over the whole window with two large answers, for what cannot be undone at
    a tap (quitting, restarting). Not a dialog box: a touchscreen has no Escape key."""

    def __init__(self, parent: QWidget, metrics: Metrics) -> None:
        super().__init__(parent)
        self.setStyleSheet("Confirmation { background: rgba(32, 33, 36, 220); }")
        self.question = text_label(metrics, 8, bold=True)
        self.question.setStyleSheet("color: white;")
        self.yes = TouchButton(metrics, "#b3261e")
        self.no = TouchButton(metrics, "#1b7f3b")
        answers = QHBoxLayout()
        answers.addWidget(self.no)
        answers.addWidget(self.yes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(metrics.mm(20), metrics.mm(20), metrics.mm(20), metrics.mm(20))
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addSpacing(metrics.mm(10))
        layout.addLayout(answers)
        layout.addStretch(1)
        self.no.clicked.connect(self.hide)
        self._action: Callable[[], None] | None = None
        self.yes.clicked.connect(self._confirmed)
        self.hide()

    def ask(self, question: str, yes: str, no: str, action: Callable[[], None]) -> None:
        self.question.setText(question)
        self.yes.setText(yes)
        self.no.setText(no)
        self._action = action
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()

    def _confirmed(self) -> None:
        self.hide()
        if self._action is not None:
            self._action()


class TouchTabs(QWidget):
    """Pages behind a row of large buttons: QTabWidget's tabs are a few millimetres tall,
    too small for a finger."""

    currentChanged = Signal(int)

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics
        self._buttons: list[TouchButton] = []
        self._row = QHBoxLayout()
        self._stack = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._row)
        layout.addWidget(self._stack, 1)
        self._stack.currentChanged.connect(self._changed)

    def addTab(self, page: QWidget, text: str) -> int:
        button = TouchButton(self._metrics, "#5f6368")
        button.setCheckable(True)
        button.setText(text)
        index = self._stack.addWidget(page)
        button.clicked.connect(lambda _=False, i=index: self.setCurrentIndex(i))
        self._buttons.append(button)
        self._row.addWidget(button)
        self._changed(self._stack.currentIndex())
        return index

    def setTabText(self, index: int, text: str) -> None:
        self._buttons[index].setText(text)

    def setCurrentIndex(self, index: int) -> None:
        self._stack.setCurrentIndex(index)

    def setCurrentWidget(self, page: QWidget) -> None:
        self._stack.setCurrentWidget(page)

    def currentWidget(self) -> QWidget:
        return self._stack.currentWidget()

    def currentIndex(self) -> int:
        return self._stack.currentIndex()

    def _changed(self, index: int) -> None:
        for position, button in enumerate(self._buttons):
            button.setChecked(position == index)
        self.currentChanged.emit(index)
