"""A realistic Taiwanese café/grocery store for demos and benchmarks, made from a seed.

About 200 products in categories (with EAN-13 barcodes), members with Chinese names, Taiwanese
mobiles, birthdays and join dates, and months of visits whose baskets follow each member's habits.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Iterator
from zoneinfo import ZoneInfo

from pos_loyalty.engine.basket import BasketLine

# (category, [(english, 中文, price)]) — prices in NT$.
CATALOGUE: list[tuple[str, list[tuple[str, str, int]]]] = [
    ("coffee", [("Americano", "美式咖啡", 55), ("Latte", "拿鐵", 65), ("Cappuccino", "卡布奇諾", 70),
                ("Mocha", "摩卡", 75), ("Flat white", "小白咖啡", 80), ("Caramel macchiato", "焦糖瑪奇朵", 85),
                ("Espresso", "濃縮咖啡", 45)]),
    ("tea", [("Black tea", "紅茶", 30), ("Green tea", "綠茶", 30), ("Oolong tea", "烏龍茶", 35),
             ("Milk tea", "奶茶", 45), ("Bubble milk tea", "珍珠奶茶", 55), ("Jasmine tea", "茉莉綠茶", 35),
             ("Lemon tea", "檸檬紅茶", 40)]),
    ("drinks", [("Mineral water", "礦泉水", 20), ("Cola", "可樂", 30), ("Soy milk", "豆漿", 25),
                ("Orange juice", "柳橙汁", 45), ("Sparkling water", "氣泡水", 35), ("Sports drink", "運動飲料", 28),
                ("Fresh milk", "鮮乳", 40)]),
    ("bakery", [("Croissant", "可頌", 45), ("Bagel", "貝果", 45), ("Scone", "司康", 35), ("Muffin", "瑪芬", 45),
                ("Pineapple cake", "鳳梨酥", 40), ("Taro bread", "芋頭麵包", 38), ("Egg tart", "蛋塔", 35),
                ("Cheesecake", "起司蛋糕", 90)]),
    ("food", [("Rice ball", "飯糰", 35), ("Club sandwich", "總匯三明治", 65), ("Beef noodles", "牛肉麵", 150),
              ("Braised pork rice", "滷肉飯", 45), ("Oden set", "關東煮組合", 60), ("Tea egg", "茶葉蛋", 13),
              ("Salad bowl", "沙拉碗", 89), ("Dumplings", "水餃", 70)]),
    ("snacks", [("Potato chips", "洋芋片", 35), ("Seaweed snack", "海苔", 30), ("Chocolate bar", "巧克力", 40),
                ("Dried mango", "芒果乾", 120), ("Peanuts", "花生", 50), ("Rice crackers", "米果", 45),
                ("Gummy bears", "軟糖", 35), ("Pudding", "布丁", 25), ("Ice cream", "冰淇淋", 45),
                ("Cookies", "餅乾", 55)]),
    ("grocery", [("Rice 2kg", "白米 2公斤", 199), ("Soy sauce", "醬油", 89), ("Cooking oil", "沙拉油", 169),
                 ("Instant noodles", "泡麵", 25), ("Eggs 10", "雞蛋 10入", 75), ("Tofu", "豆腐", 30),
                 ("Frozen dumplings", "冷凍水餃", 159), ("Honey", "蜂蜜", 320), ("Oolong leaves 150g", "烏龍茶葉", 450),
                 ("Coffee beans 250g", "咖啡豆 250克", 380)]),
    ("household", [("Tissues", "面紙", 99), ("Detergent", "洗衣精", 189), ("Toothpaste", "牙膏", 79),
                   ("Dish soap", "洗碗精", 69), ("Batteries", "電池", 129), ("Trash bags", "垃圾袋", 59),
                   ("Hand soap", "洗手乳", 89), ("Umbrella", "雨傘", 199), ("Masks 50", "口罩 50入", 149),
                   ("Light bulb", "燈泡", 99)]),
    ("tobacco", [("Cigarettes", "香菸", 125), ("Lighter", "打火機", 20)]),
    ("gift-cards", [("Gift card 500", "禮物卡 500", 500), ("Gift card 1000", "禮物卡 1000", 1000)]),
]
SIZES = [("", "", 0), (" (large)", "（大）", 15), (" (small)", "（小）", -10)]
SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高"
GIVEN = "怡君雅婷志明淑芬家豪美玲俊傑宗翰佳穎冠宇婉婷彥廷欣怡柏翰宜蓁承恩思妤子涵品妍"


@dataclass(frozen=True)
class Product:
    sku: str
    barcode: str
    name: str
    name_zh: str
    category: str
    price: int

    def line(self, qty: int = 1) -> BasketLine:
        return BasketLine(sku=self.sku, name=self.name, category=self.category, price=self.price, qty=qty)


@dataclass(frozen=True)
class DemoMember:
    name: str
    phone: str
    birthday: date
    joined: date
    consent: bool
    visits_per_month: float
    favourites: tuple[str, ...]


@dataclass(frozen=True)
class Visit:
    at: datetime
    member: int  # index into the members list
    basket: list[BasketLine]
    redeem_points: int | str = 0


def ean13(stem: str) -> str:
    """A 12-digit stem with its EAN-13 check digit."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(stem))
    return stem + str((10 - total % 10) % 10)


def products() -> list[Product]:
    """About 200 products: each base product in sizes, plus packs for groceries and snacks."""
    out: list[Product] = []
    for category, items in CATALOGUE:
        for number, (name, name_zh, price) in enumerate(items):
            variants = SIZES if category in ("coffee", "tea", "drinks") else SIZES[:1] + [(" x3", "（3入）", -1), (" x6", "（6入）", -2)]
            if category in ("coffee", "tea"):
                variants = SIZES + [(" iced", "（冰）", 5)]
            if category in ("tobacco", "gift-cards", "household"):
                variants = SIZES[:1]
            for v, (suffix, suffix_zh, extra) in enumerate(variants):
                unit = {-1: price * 3 - price // 5, -2: price * 6 - price // 2}.get(extra, price + extra)
                sku = f"{category[:3].upper()}-{number:02d}{v}"
                out.append(Product(sku=sku, barcode=ean13(f"4712345{len(out):05d}"), name=name + suffix,
                                   name_zh=name_zh + suffix_zh, category=category, price=unit))
    return out


def members(count: int, *, rng: random.Random, today: date) -> list[DemoMember]:
    phones: set[str] = set()
    out = []
    categories = [category for category, _ in CATALOGUE if category not in ("gift-cards",)]
    for _ in range(count):
        phone = f"09{rng.randrange(10**8):08d}"
        while phone in phones:
            phone = f"09{rng.randrange(10**8):08d}"
        phones.add(phone)
        name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2))
        birthday = date(rng.randint(1955, 2007), rng.randint(1, 12), rng.randint(1, 28))
        joined = today - timedelta(days=rng.randint(200, 2500))
        favourites = tuple(rng.sample(categories, 3))
        out.append(DemoMember(name=name, phone=phone, birthday=birthday, joined=joined, consent=rng.random() < 0.7,
                              visits_per_month=rng.choice([0.5, 1, 1, 2, 2, 3, 4, 8]), favourites=favourites))
    return out


def visits(people: list[DemoMember], catalogue: list[Product], *, rng: random.Random, end: datetime,
           months: int = 6, zone: ZoneInfo = ZoneInfo("Asia/Taipei")) -> Iterator[Visit]:
    """Visits over the last `months`, in time order, with baskets that follow each member's taste."""
    by_category: dict[str, list[Product]] = {}
    for product in catalogue:
        by_category.setdefault(product.category, []).append(product)
    start = end - timedelta(days=30 * months)
    plan: list[Visit] = []
    for index, person in enumerate(people):
        count = max(0, round(rng.gauss(person.visits_per_month * months, 1.5)))
        for _ in range(count):
            day = start + timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
            local = day.astimezone(zone)
            moment = datetime.combine(local.date(), time(rng.randint(7, 21), rng.randrange(60)), tzinfo=zone)
            if moment >= end:
                continue
            lines: dict[str, BasketLine] = {}
            for _ in range(rng.choice([1, 1, 2, 2, 3, 4, 6])):
                category = rng.choice(person.favourites) if rng.random() < 0.75 else rng.choice(list(by_category))
                if category == "gift-cards" and rng.random() < 0.9:
                    category = "coffee"
                product = rng.choice(by_category[category])
                qty = 1 if rng.random() < 0.8 else rng.randint(2, 3)
                lines[product.sku] = product.line(qty)
            plan.append(Visit(at=moment, member=index, basket=list(lines.values())))
    plan.sort(key=lambda visit: visit.at)
    return iter(plan)
