/** Russian: the output part of the catalogue (the same keys as ../en/output.ts). */
import type { Catalogue } from '../../index.js';

export const outputMessages: Catalogue = {
  outputView: {
    empty: 'Загрузите данные и нажмите «Обучить» (или «Шаг»), чтобы увидеть, что вычисляет сеть.',
    nothing:
      'Вкладка «Выход» показывает двумерные входы тепловой картой, одномерную регрессию — кривой, а классификацию — матрицей ошибок.',
    boundary: {
      probability: 'Выход p на плоскости (<name>{{features}}</name>)',
      value:
        'Предсказанное <name>{{target}}</name> на плоскости (<name>{{features}}</name>), точки: истинное <name>{{target}}</name>',
      classes: 'Предсказанный класс на плоскости (<name>{{features}}</name>), ярче там, где сеть увереннее',
    },
    gradientSizes: {
      toggle: 'размер по ‖∂Lᵢ/∂w‖',
      help: 'Размер точек по градиенту. Площадь каждой точки пропорциональна градиенту её собственной потери: крупные точки — те примеры, которые больше всего влияют на шаг обучения',
      legend:
        'Площадь точки ∝ ‖∂Lᵢ/∂w‖ (самая большая норма — {{largest}}). Уверенно верные точки почти не сдвигают веса, ошибочные сдвигают сильнее всего.',
      firstRows_one: 'Размер задан только первой {{count}} строке из {{total}}.',
      firstRows_few: 'Размер задан только первым {{count}} строкам из {{total}}.',
      firstRows_many: 'Размер задан только первым {{count}} строкам из {{total}}.',
      firstRows_other: 'Размер задан только первым {{count}} строкам из {{total}}.',
    },
    unit: {
      title: 'Нейрон {{unit}} блока <name>{{block}}</name>',
      plane: 'Его выход на плоскости входов (<name>{{features}}</name>), как на графике рядом.',
      curve: 'Его выход как функция от <name>{{feature}}</name>; пунктир — уровень 0.',
      range: 'от {{min}} (синий) до {{max}} (оранжевый) в этом блоке',
      curveRange: 'от {{min}} до {{max}} в этом блоке',
      close: 'Открепить этот нейрон (или щёлкните по его миниатюре ещё раз)',
      hovered: 'Щёлкните по миниатюре, чтобы закрепить нейрон здесь.',
    },
    curve: {
      title: 'Подобранная кривая поверх данных',
      units: 'вклады скрытых нейронов w·h(x)',
      data: 'данные',
      network: 'сеть',
      networkOfRun: 'сеть ({{run}})',
      unit: 'нейрон {{unit}}',
      closedForm: 'точное решение (МНК)',
    },
    confusion: {
      validation: 'Матрица ошибок (валидационные строки): верно {{correct}} из {{total}} ({{percent}} %)',
      training: 'Матрица ошибок (обучающие строки): верно {{correct}} из {{total}} ({{percent}} %)',
      corner: 'истинный ↓ / предсказанный →',
    },
  },
  unitMaps: {
    thumb:
      'Нейрон {{unit}}: его выход в зависимости от входа. Наведите, чтобы увидеть его крупно на вкладке «Выход»; щёлкните, чтобы закрепить',
    pinned: 'Нейрон {{unit}} показан на вкладке «Выход» (щёлкните ещё раз, чтобы открепить)',
  },
  neurons: {
    title: '{{node}} в виде нейронов',
    line: '{{weight}}: от входа {{from}} к нейрону {{unit}}',
    bias: '{{weight}}: смещение нейрона {{unit}}',
    hint: 'Щёлкните по линии (весу) или по нейрону (его смещению), чтобы изменить значение',
    canvasHint: 'Щёлкните по линии или нейрону, чтобы изменить вес',
  },
  blockNode: {
    unknown: 'Неизвестный блок «{{type}}»',
    id: 'id блока: {{id}}',
  },
  stepThrough: {
    label: 'Обратное распространение по шагам',
    forward: '<b>Прямой проход</b>: шаг {{step}} из {{steps}}',
    backward: '<b>Обратный проход</b>: шаг {{step}} из {{steps}}',
    batch_one: 'батч из {{count}} строки',
    batch_few: 'батч из {{count}} строк',
    batch_many: 'батч из {{count}} строк',
    batch_other: 'батч из {{count}} строки',
    back: '◀ Назад',
    next: 'Далее ▶',
    close: 'Закрыть пошаговый режим',
    dotForward: 'прямой проход: {{node}}',
    dotBackward: 'обратный проход: {{node}}',
    chainRule: 'Цепное правило в этом блоке: ∂L/∂w = ∂L/∂y · ∂y/∂w и ∂L/∂x = ∂L/∂y · ∂y/∂x. Здесь:',
    linear:
      '(dW = dYᵀ·X: градиент каждого веса — это сумма по батчу произведений градиента выхода на тот вход, на который вес умножается)',
    identityTitle: 'На логитах softmax и NLL вместе:',
    identityDetail:
      '— сравните таблицы p − onehot(t) и ∂L/∂y ниже: градиент, полученный обратным распространением, отличается от этой формулы не больше чем на {{difference}}.',
    moreRows_one: '… ещё {{count}} строка',
    moreRows_few: '… ещё {{count}} строки',
    moreRows_many: '… ещё {{count}} строк',
    moreRows_other: '… ещё {{count}} строки',
    outputOf: '{{port}} = выход {{node}}',
    backTo: '∂L/∂{{port}} (обратно к {{node}})',
    sourceRule_one: '{{rule}} ({{count}} строка батча)',
    sourceRule_few: '{{rule}} ({{count}} строки батча)',
    sourceRule_many: '{{rule}} ({{count}} строк батча)',
    sourceRule_other: '{{rule}} ({{count}} строки батча)',
    identityRule: '∂L/∂y = (p − onehot(t)) / N  (N — число строк)',
    perRow: '(p − onehot(t)) / N',
  },
  truthRule: {
    cut: '{{hi}}, если выход ≥ {{at}}, иначе {{lo}}',
    perOutput: 'для каждого выхода — ближайшее из двух его целевых значений',
    argmax: 'класс с наибольшим выходом',
    argmaxLogits: 'класс с наибольшим выходом (логитом)',
  },
  blockFormulas: {
    input: { forward: 'x = данные[батч, признаки]', backward: '∂L/∂x показывается, но не используется' },
    target: { forward: 't = данные[батч, цели]', backward: '—' },
    linear: {
      forward: 'y = x·Wᵀ + b',
      backward: '∂L/∂W = (∂L/∂y)ᵀ·x,  ∂L/∂b = Σ по строкам ∂L/∂y,  ∂L/∂x = ∂L/∂y·W',
    },
    step: { forward: 'y = I[x > θ]', backward: '∂L/∂x = 0 (ступенька почти всюду постоянна)' },
    sigmoid: { forward: 'y = 1 / (1 + e^(−x))', backward: '∂L/∂x = ∂L/∂y · y(1 − y)' },
    tanh: { forward: 'y = tanh(x)', backward: '∂L/∂x = ∂L/∂y · (1 − y²)' },
    relu: { forward: 'y = max(0, x)', backward: '∂L/∂x = ∂L/∂y · I[x > 0]' },
    leaky_relu: {
      forward: 'y = x, если x > 0, иначе α·x',
      backward: '∂L/∂x = ∂L/∂y · (1, если x > 0, иначе α)',
    },
    softmax: {
      forward: 'y_i = e^(x_i − max x) / Σ_k e^(x_k − max x)',
      backward: '∂L/∂x_i = y_i · (∂L/∂y_i − Σ_k ∂L/∂y_k · y_k)',
    },
    identity: { forward: 'y = x', backward: '∂L/∂x = ∂L/∂y' },
    add: { forward: 'y = x₀ + x₁ + …', backward: '∂L/∂xₖ = ∂L/∂y для каждого входа k' },
    concat: { forward: 'y = [x₀ | x₁ | …]', backward: '∂L/∂xₖ = столбцы ∂L/∂y, пришедшие из xₖ' },
    mse: { forward: 'L = среднее((t − y)²)', backward: '∂L/∂y = 2(y − t) / n' },
    mae: { forward: 'L = среднее(|t − y|)', backward: '∂L/∂y = sign(y − t) / n' },
    asymmetric_mse: {
      forward: 'L = среднее(δ²·(a·I[δ<0] + b·I[δ≥0])),  δ = t − y',
      backward: '∂L/∂y = −2δ·(a·I[δ<0] + b·I[δ≥0]) / n',
    },
    bce: {
      forward:
        'L = среднее(−t·log p − (1 − t)·log(1 − p));  после сигмоиды: среднее(max(z, 0) − z·t + log(1 + e^(−|z|)))',
      backward: '∂L/∂p = (p − t) / (p(1 − p)) / n;  после сигмоиды: ∂L/∂z = (σ(z) − t) / n',
    },
    nll: {
      forward: 'L = −среднее по строкам Σ_c I[t = c]·log p_c;  после softmax: log p_c = z_c − log Σ_k e^(z_k)',
      backward: '∂L/∂p_c = −I[t = c] / (p_c · N);  после softmax: ∂L/∂z = (p − onehot(t)) / N  (N — число строк)',
    },
    cross_entropy: {
      forward: 'p = softmax(z),  L = −среднее по строкам log p[t]  (log-sum-exp)',
      backward: '∂L/∂z = (p − onehot(t)) / N  (N — число строк)',
    },
  },
};
