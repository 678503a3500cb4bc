"""Widgets every screen uses: sized labels and touch buttons, the notice banner, the preview."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

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
    """The camera picture, mirrored like a mirror, with the face outlined or a face guide."""

    def __init__(self, minimum: tuple[int, int] = (320, 240)) -> None:
        super().__init__()
        self.setMinimumSize(*minimum)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("background: #111; border-radius: 12px;")

    def show_update(self, update: PipelineUpdate) -> None:
        image = update.frame.image
        height, width = image.shape[:2]
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
        else:
            # Where to put your face: an oval guide in the middle of the picture.
            painter.setPen(QPen(QColor(255, 255, 255, 160), 3, Qt.PenStyle.DashLine))
            painter.drawEllipse(QPointF(width / 2, height * 0.45), width * 0.16, height * 0.3)
        painter.end()
        pixmap = QPixmap.fromImage(qimage).scaled(
            self.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.setPixmap(pixmap)


class CornerHotspot(QWidget):
    """An invisible square in a screen corner: held down long enough, it asks for the PIN."""

    held = Signal()

    def __init__(self, parent: QWidget, size: int, hold_s: float) -> None:
        super().__init__(parent)
        self.setFixedSize(size, size)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.held)
        self.set_hold(hold_s)

    def set_hold(self, hold_s: float) -> None:
        self._timer.setInterval(int(hold_s * 1000))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._timer.stop()
        event.accept()
