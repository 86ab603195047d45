"""Support caps as versioned data: per province (or national) and content type."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Date, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from dossier.model.base import Base, Timestamped

SUPPORT_TYPE_LABELS = {
    "may_moc_thiet_bi": "Ứng dụng máy móc thiết bị tiên tiến, chuyển giao công nghệ",
    "mo_hinh_trinh_dien": "Mô hình trình diễn kỹ thuật",
    "mo_hinh_co_so_hieu_qua": "Mô hình cơ sở CNNT hoạt động hiệu quả",
    "san_xuat_sach_hon": "Mô hình thí điểm sản xuất sạch hơn",
    "xu_ly_o_nhiem": "Sửa chữa, nâng cấp hệ thống xử lý ô nhiễm môi trường tại cơ sở CNNT",
    "thanh_lap_doanh_nghiep": "Hỗ trợ thành lập doanh nghiệp CNNT",
    "dao_tao": "Đào tạo, nâng cao năng lực (theo định mức chi)",
    "tu_van": "Tư vấn, thông tin tuyên truyền (theo định mức chi)",
    "cum_cong_nghiep": "Phát triển cụm công nghiệp",
    "san_pham_tieu_bieu": "Phát triển sản phẩm CNNT tiêu biểu",
}


class SupportCapRule(Timestamped, Base):
    """One cap: province NULL means national (TT 28/2018/TT-BTC as amended)."""

    __tablename__ = "support_cap_rules"
    __table_args__ = (
        CheckConstraint("percent_cap IS NULL OR (percent_cap > 0 AND percent_cap <= 100)", name="percent"),
        CheckConstraint("absolute_cap IS NULL OR absolute_cap > 0", name="absolute"),
        CheckConstraint("valid_to IS NULL OR valid_to >= valid_from", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    province: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str] = mapped_column(String(60), index=True)
    percent_cap: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))  # % of the total cost
    absolute_cap: Mapped[int | None] = mapped_column(BigInteger)  # đồng
    unit: Mapped[str] = mapped_column(String(60), default="cơ sở")  # per establishment / model / CCN
    line_multiplier: Mapped[Decimal] = mapped_column(Numeric(4, 2), default=Decimal("1"))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    legal_basis: Mapped[str] = mapped_column(Text)  # "khoản 4 Điều 8 Thông tư số 28/2018/TT-BTC …"
    verified: Mapped[bool] = mapped_column(Boolean, default=True)
